import { defineConfig } from "vitest/config";

// Suites that only mean something on a PostgreSQL server are named *.postgres.test.ts; with no DATABASE_URL
// (the README's `npm test` on a fresh clone) there is nothing for them to test, so they are not collected.
const postgresOnly = process.env.DATABASE_URL ? [] : ["**/*.postgres.test.ts"];

export default defineConfig({
  // The workspace packages resolve to their sources, as under tsx (tsconfig.json's paths), not to their builds.
  resolve: { tsconfigPaths: true },
  test: {
    include: ["sidecar/src/**/*.test.ts", "graphql/**/*.test.ts", "test/**/*.test.ts", "packages/*/src/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...postgresOnly],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    sequence: { shuffle: false },
  },
});
