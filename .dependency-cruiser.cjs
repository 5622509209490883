// The import rules of DESIGN.md ("Which way the arrows point"), checked in CI: `npm run check:imports`.
// Type-only imports count too (tsPreCompilationDeps), since a type import is still a dependency of the design.

/** Modules that do I/O or hold the outside world: what the domain must never reach. */
const io = [
  "^sidecar/src/(connectors|db|http|jobs|inbox|flows|flow-kit|webhooks|vault|audit|auth|cli|observability|sandbox|lib)/",
  "^sidecar/src/(sidecar|main|run-role|sandbox-loader|external-systems|config|logger)\\.ts$",
  "^graphql/",
  "^packages/contract/src/http-fetch\\.ts$",
  "^packages/(stripe-emulator|nop-simulator|erp-simulator|wms-simulator|simulator-support)/",
  "node_modules/(@prisma|prisma|pg|ioredis|bullmq|express|stripe|pino|@electric-sql|openai)/",
];
/** The adapters that talk to other systems (a connector's index wires one up). */
const adapters = "^sidecar/src/connectors/[^/]+/(http-|json-http-client|index\\.ts|.*-api\\.ts)";
const simulators = "^packages/(stripe-emulator|nop-simulator|erp-simulator|wms-simulator|simulator-support)/";

/** Flow code proper: not the composition file that wires flows, not a flow's own SQL adapter, not tests. */
const flowCode = "^sidecar/src/flows/(?!register-flows\\.ts$)[^/]+/(?!adapters/|test-support/)";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules form no cycle: each can be read, tested and replaced on its own.",
      from: { pathNot: "\\.test\\.ts$" },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain/ (money, statuses, rules, mapping) imports nothing that does I/O.",
      from: { path: "^sidecar/src/domain/", pathNot: "\\.test\\.ts$" },
      to: { path: io, dependencyTypesNot: ["core"] },
    },
    {
      name: "domain-no-io-builtins",
      severity: "error",
      comment: "domain/ uses no Node I/O module (fs, net, http, child_process ...).",
      from: { path: "^sidecar/src/domain/", pathNot: "\\.test\\.ts$" },
      to: { dependencyTypes: ["core"], pathNot: "^(node:)?(crypto|util)$" },
    },
    {
      name: "flows-use-ports-not-adapters",
      severity: "error",
      comment:
        "A flow reaches other systems through the ports it owns: never an adapter, the database, Prisma, the Sidecar object or the sandbox (its store's SQL adapter lives in its adapters/ folder).",
      from: { path: flowCode, pathNot: "\\.test\\.ts$" },
      to: {
        path: [
          adapters,
          "^sidecar/src/connectors/stripe/",
          "^sidecar/src/db/",
          "^sidecar/src/generated/",
          "^sidecar/src/(sidecar|main|run-role|sandbox-loader|external-systems)\\.ts$",
          "^sidecar/src/sandbox/",
          simulators,
          "node_modules/(@prisma|prisma|pg|ioredis|bullmq|stripe)/",
        ],
      },
    },
    {
      name: "flows-http-only-in-routes",
      severity: "error",
      comment: "Express appears in a flow only in its *-routes.ts, the HTTP edge the flow declares.",
      from: { path: flowCode, pathNot: "(-routes|\\.test)\\.ts$" },
      to: { path: "node_modules/express/" },
    },
    {
      name: "connectors-never-import-flows",
      severity: "error",
      comment: "Adapters implement the flows' ports; they never depend on a flow.",
      from: { path: "^sidecar/src/connectors/" },
      to: { path: ["^sidecar/src/flows/", "^sidecar/src/flow-kit/"] },
    },
    {
      name: "flow-kit-knows-no-flow",
      severity: "error",
      comment: "The kit has no flow-specific words: it never imports a flow.",
      from: { path: "^sidecar/src/flow-kit/" },
      to: { path: "^sidecar/src/flows/" },
    },
    {
      name: "sandbox-only-from-its-loader",
      severity: "error",
      comment:
        "Production code never imports the sandbox wiring or a simulator; sandbox-loader.ts reaches them by dynamic import in sandbox mode only.",
      from: { path: "^(sidecar/src|graphql)/", pathNot: ["^sidecar/src/sandbox/", "\\.test\\.ts$", "/test-support/"] },
      to: { path: ["^sidecar/src/sandbox/", simulators] },
    },
    {
      name: "packages-never-import-the-sidecar",
      severity: "error",
      comment: "The contract and the simulators stand alone, so the emulator and the product check each other.",
      from: { path: "^packages/" },
      to: { path: ["^sidecar/", "^graphql/", "^test/"] },
    },
    {
      name: "contract-imports-no-simulator",
      severity: "error",
      comment: "The contract is what production installs: it depends on no simulator.",
      from: { path: "^packages/contract/" },
      to: { path: simulators },
    },
    {
      name: "graphql-reads-through-read-models",
      severity: "error",
      comment: "GraphQL is a thin edge: it never calls an adapter or the sandbox.",
      from: { path: "^graphql/", pathNot: "\\.test\\.ts$" },
      to: {
        path: [adapters, "^sidecar/src/sandbox/", simulators],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["sidecar/src/generated", "\\.cache/", "dist/", "node_modules/\\.prisma"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
