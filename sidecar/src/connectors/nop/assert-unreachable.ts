/** Makes a switch exhaustive: adding an enum member without a case fails to compile. */
export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
