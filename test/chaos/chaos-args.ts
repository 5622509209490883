// The flags of `npm run chaos`; a typo is refused with the list of what exists, so nothing runs half-configured.

export type Backend = "pg" | "embedded";

export interface ChaosArgs {
  backends: Backend[];
  /** Experiment names to run; empty: all. */
  only: string[];
  /** Orders per experiment; undefined: each experiment's own default. */
  orders: number | undefined;
  outageMinutes: number;
  /** How long orders may take to complete after a fault ends before they count as lost. */
  recoveryMinutes: number;
  pgPort: number;
  redisPort: number;
}

const usage = `usage: npm run chaos -- [--backend pg|embedded|both] [--only name,name] [--orders N]
  [--outage-minutes M] [--recovery-minutes M] [--pg-port 55432] [--redis-port 56379]`;

/** The machine's shared instances belong to others: the chaos never starts, stops or flushes them. */
const sharedPorts = new Set([5432, 6379]);

function positive(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!raw || !Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number\n${usage}`);
  return n;
}

export function parseChaosArgs(argv: string[], experimentNames: readonly string[]): ChaosArgs {
  const args: ChaosArgs = {
    backends: ["pg", "embedded"],
    only: [],
    orders: undefined,
    outageMinutes: 10,
    recoveryMinutes: 10,
    pgPort: 55432,
    redisPort: 56379,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    switch (flag) {
      case "--backend":
        if (value !== "pg" && value !== "embedded" && value !== "both")
          throw new Error(`--backend is pg, embedded or both\n${usage}`);
        args.backends = value === "both" ? ["pg", "embedded"] : [value];
        break;
      case "--only": {
        args.only = (value ?? "").split(",").filter(Boolean);
        const unknown = args.only.filter((n) => !experimentNames.includes(n));
        if (unknown.length > 0 || args.only.length === 0)
          throw new Error(
            `--only: unknown ${unknown.join(", ") || "(none given)"}; known: ${experimentNames.join(", ")}`,
          );
        break;
      }
      case "--orders":
        args.orders = Math.round(positive(flag, value));
        break;
      case "--outage-minutes":
        args.outageMinutes = positive(flag, value);
        break;
      case "--recovery-minutes":
        args.recoveryMinutes = positive(flag, value);
        break;
      case "--pg-port":
      case "--redis-port":
        args[flag === "--pg-port" ? "pgPort" : "redisPort"] = positive(flag, value);
        break;
      default:
        throw new Error(`unknown argument ${flag}\n${usage}`);
    }
  }
  for (const port of [args.pgPort, args.redisPort])
    if (sharedPorts.has(port)) throw new Error(`port ${port} is the machine's shared instance: choose another`);
  return args;
}
