// Everything the chaos starts (database servers, mounts, child processes) registers how to undo it here, so a
// normal end, a failure and Ctrl-C all leave the machine as it was.

const undo: { what: string; run: () => Promise<void> | void }[] = [];

export function onCleanup(what: string, run: () => Promise<void> | void): () => void {
  const entry = { what, run };
  undo.push(entry);
  return () => {
    const i = undo.indexOf(entry);
    if (i >= 0) undo.splice(i, 1);
  };
}

/** Runs every registered undo, newest first; one failing does not keep the others from running. */
export async function cleanUp(): Promise<void> {
  while (undo.length > 0) {
    const entry = undo.pop()!;
    try {
      await entry.run();
    } catch (err) {
      console.error(`chaos: cleaning up ${entry.what} failed: ${(err as Error).message}`);
    }
  }
}

export function cleanUpOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      console.error(`chaos: ${signal}, cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
}
