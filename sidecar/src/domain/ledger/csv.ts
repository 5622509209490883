/**
 * RFC 4180: fields separated by commas, records by CRLF; a field with a comma, a double quote, CR or LF is
 * enclosed in double quotes and its quotes doubled.
 */
export function csvField(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The fields of one record, before quoting. */
export type CsvValues = readonly (string | number | null | undefined)[];

export function csvRecord(fields: CsvValues): string {
  return fields.map(csvField).join(",");
}

/** A header and its records, each ended by CRLF (RFC 4180 allows the last one to end so). */
export function csvTable(header: readonly string[], records: Iterable<CsvValues>): string {
  const lines = [csvRecord(header)];
  for (const record of records) lines.push(csvRecord(record));
  return `${lines.join("\r\n")}\r\n`;
}
