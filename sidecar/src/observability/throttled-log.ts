/**
 * Writes at most once per interval for each key, passing on how many were held back since the last write, so a
 * flood of the same thing (refused deliveries from a misconfigured sender) tells the operator without filling the
 * log.
 */
export function throttledLog(intervalMs = 60_000, now: () => number = Date.now) {
  const last = new Map<string, { at: number; heldBack: number }>();
  return (key: string, write: (heldBack: number) => void): void => {
    const at = now();
    const previous = last.get(key);
    if (previous && at - previous.at < intervalMs) {
      previous.heldBack += 1;
      return;
    }
    write(previous?.heldBack ?? 0);
    last.set(key, { at, heldBack: 0 });
  };
}
