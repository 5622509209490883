type Coded = { code?: unknown; cause?: Coded; meta?: { driverAdapterError?: Coded } } | null | undefined;

/**
 * The SQLSTATE of a PostgreSQL data exception (class 22: an invalid uuid, NUL in text, a number out of range),
 * or undefined. The code is on the pg or PGlite error itself, on a Prisma DriverAdapterError's cause, or in a
 * raw query's meta.
 */
export function dataExceptionCode(err: unknown): string | undefined {
  const e = err as Coded;
  return [e?.code, e?.cause?.code, e?.meta?.driverAdapterError?.cause?.code].find(
    (code): code is string => typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code),
  );
}

export const isDataException = (err: unknown) => dataExceptionCode(err) !== undefined;
