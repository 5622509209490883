// Adds up the test result files CI names (vitest JSON, dotnet TRX) into one closing line: "N passed, N failed".
// A test runner that crashed before writing its file counts as one failure, so the line cannot look green.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const [dir, ...expected] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const found = new Set(readdirSync(dir));
for (const file of expected) {
  if (!found.has(file)) {
    console.log(`ci: ${file}: no results (the runner did not finish)`);
    failed += 1;
    continue;
  }
  const text = readFileSync(join(dir, file), "utf8");
  const counts = file.endsWith(".json") ? vitestCounts(text) : trxCounts(text);
  console.log(`ci: ${file}: ${counts.passed} passed, ${counts.failed} failed`);
  passed += counts.passed;
  failed += counts.failed;
}
console.log(`${passed} passed, ${failed} failed`);

function vitestCounts(text) {
  const report = JSON.parse(text);
  // A file that failed without a failed test (an import error, a beforeAll that threw, so its tests were
  // skipped) counts as one failure; so does a run vitest calls unsuccessful with no failure counted at all
  // (an unhandled error or rejection, reported under "Errors" and nowhere in the file's results).
  const brokenFiles = report.testResults.filter(
    (f) => f.status === "failed" && !f.assertionResults.some((t) => t.status === "failed"),
  );
  for (const f of brokenFiles)
    console.log(`ci: ${f.name}: failed without a failed test: ${f.message || "(no message)"}`);
  const failed = report.numFailedTests + brokenFiles.length;
  const unexplained = report.success === false && failed === 0 ? 1 : 0;
  if (unexplained) console.log("ci: vitest reported the run unsuccessful (unhandled errors: see its output above)");
  return { passed: report.numPassedTests, failed: failed + unexplained };
}

function trxCounts(text) {
  const counters = text.match(/<Counters\b[^>]*>/)?.[0] ?? "";
  const count = (name) => Number(counters.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  // TRX "error" and "timeout" outcomes are failures too; a TRX without counters is one.
  const failures = count("failed") + count("error") + count("timeout") + count("aborted");
  return { passed: count("passed"), failed: counters ? failures : 1 };
}
