// The sidecar as production runs it: each role a process of its own (`sidecar web`, `sidecar worker`, or the
// embedded backend's single `sidecar start`), killed with SIGKILL by pid and started again as a supervisor would.
// Like docker-compose's `restart: unless-stopped`, a process that dies on its own is started again after a second;
// each such crash is recorded, since an operator would see it.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import type { Role } from "../../sidecar/src/roles.js";
import { onCleanup } from "./cleanup.js";

export interface SidecarProcess {
  role: Role;
  child: ChildProcess;
}

/** Printed by run-role.ts once a worker consumes jobs (LOG_LEVEL info). */
const workerRunning = "sidecar worker running";

export class SidecarFleet {
  private readonly running: SidecarProcess[] = [];
  private readonly crashed: string[] = [];
  private stopping = false;
  private readonly log: WriteStream;
  private readonly forget: () => void;

  constructor(
    private readonly env: Record<string, string>,
    readonly url: string,
    logFile: string,
  ) {
    this.log = createWriteStream(logFile, { flags: "a" });
    this.forget = onCleanup("sidecar processes", () => this.stop());
  }

  processes(role: Role): SidecarProcess[] {
    return this.running.filter((p) => p.role === role);
  }

  /** Starts one process of `role` and resolves once it serves (web, start) or consumes jobs (worker). */
  async start(role: Role): Promise<SidecarProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", "sidecar/src/main.ts", role], {
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const proc = { role, child };
    this.running.push(proc);
    child.once("exit", (code, signal) => {
      if (this.stopping || !this.running.includes(proc)) return; // stopped or killed by the chaos
      this.running.splice(this.running.indexOf(proc), 1);
      this.crashed.push(`${role} exited ${code ?? signal}`);
      this.restartAfterCrash(role);
    });
    let workerUp = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.includes(workerRunning)) workerUp = true;
      this.log.write(chunk);
    });
    child.stderr!.pipe(this.log, { end: false });
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (!this.running.includes(proc)) throw new Error(`sidecar ${role} exited with ${child.exitCode} (see the log)`);
      if (role === "worker" ? workerUp : await this.ready()) return proc;
      if (Date.now() > deadline) throw new Error(`sidecar ${role} not up in 90 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** kill -9 of one process by its pid; it stays dead until start() is called again. */
  async kill(proc: SidecarProcess): Promise<void> {
    this.running.splice(this.running.indexOf(proc), 1);
    if (proc.child.exitCode !== null) return;
    process.kill(proc.child.pid!, "SIGKILL");
    await once(proc.child, "exit");
  }

  /** Processes that died without being told to, since the fleet started. */
  crashes(): string[] {
    return [...this.crashed];
  }

  /** A start that fails exits again, and its exit handler schedules the next try: a supervisor's loop. */
  private restartAfterCrash(role: Role): void {
    setTimeout(() => {
      if (!this.stopping) this.start(role).catch(() => {});
    }, 1000);
  }

  /** SIGTERM (they drain), then SIGKILL whatever is left after 20 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.forget();
    const procs = this.running.splice(0);
    await Promise.all(
      procs.map(async ({ child }) => {
        if (child.exitCode !== null) return;
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private ready(): Promise<boolean> {
    return fetch(`${this.url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
  }
}
