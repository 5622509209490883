/**
 * JSON over stdin/stdout for the interop scripts, which the plugin's NUnit tests run with tsx
 * (nop-plugin-bridge/Nop.Plugin.Payments.StripeSidecar.Tests/Interop/). One JSON document in, one out.
 */
export async function readStdinJson<T>(): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as T;
}

/** Writes the answer and exits (the HTTP client's keep-alive sockets must not hold the process open). */
export function answer(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`, () => process.exit(0));
}
