/** A source value that a mapping cannot turn into the target: names the target field and the value. */
export class MappingError extends Error {
  override name = "MappingError";
  constructor(
    readonly mapping: string,
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super(`mapping ${mapping}: field ${field}: value ${JSON.stringify(value) ?? "undefined"}: ${reason}`);
  }
}
