/** Where a progress bar draws: a terminal redraws one line; anything else (a log file, CI) gets plain lines. */
export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/**
 * A progress bar on stderr (stdout stays the command's answer). On a terminal it redraws one line, at most every
 * 100 ms; elsewhere it prints a line per tenth done, so a log is not flooded with carriage returns.
 */
export class ProgressBar {
  private lastDraw = 0;
  private lastTenth = -1;
  private readonly started: number;

  constructor(
    private readonly label: string,
    private readonly out: ProgressOutput = process.stderr,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  update(done: number, total: number | null, force = false): void {
    const elapsedS = (this.now() - this.started) / 1000;
    const rate = elapsedS > 0 ? done / elapsedS : 0;
    const text = `${this.label} ${done}${total === null ? "" : `/${total}`} ${rate.toFixed(1)}/s`;
    if (!this.out.isTTY) {
      const tenth = total ? Math.floor((done / total) * 10) : Math.floor(done / 100);
      if (tenth !== this.lastTenth || force) this.out.write(`${text}\n`);
      this.lastTenth = tenth;
      return;
    }
    if (!force && this.now() - this.lastDraw < 100) return;
    this.lastDraw = this.now();
    const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - text.length - 4));
    const filled = total ? Math.round((Math.min(done, total) / total) * width) : 0;
    this.out.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${text}`);
  }

  /** The last state, and the line ended on a terminal. */
  finish(done: number, total: number | null): void {
    this.update(done, total, true);
    if (this.out.isTTY) this.out.write("\n");
  }
}
