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
  // A file that failed to load (no suite, import error) has no test results but counts as failed.
  const brokenFiles = report.testResults.filter((f) => f.status === "failed" && f.assertionResults.length === 0);
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles.length };
}

function trxCounts(text) {
  const counters = text.match(/<Counters\b[^>]*>/)?.[0] ?? "";
  const count = (name) => Number(counters.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  // TRX "error" and "timeout" outcomes are failures too; a TRX without counters is one.
  const failures = count("failed") + count("error") + count("timeout") + count("aborted");
  return { passed: count("passed"), failed: counters ? failures : 1 };
}
