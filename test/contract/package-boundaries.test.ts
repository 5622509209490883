import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// The workspace packages never import the sidecar (or graphql/, test/): a relative import stays inside its own
// package, and another package is imported by name only when it is one of its declared dependencies.
const repo = new URL("../..", import.meta.url).pathname;
const packagesDir = join(repo, "packages");
/** Static imports and re-exports (a statement at the start of a line, possibly over several lines), and import(). */
const specifiers = /^\s*(?:import|export)\s(?:[^"';=]*?\sfrom\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']/gm;

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (path.endsWith(".ts")) yield path;
  }
}

describe("workspace packages", () => {
  it.each(readdirSync(packagesDir))("%s imports only itself, its declared dependencies and node:", (name) => {
    const root = join(packagesDir, name);
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    const declared = new Set(Object.keys(manifest.dependencies ?? {}));
    const crossings: string[] = [];
    for (const file of sources(join(root, "src"))) {
      for (const [, staticSpecifier, dynamicSpecifier] of readFileSync(file, "utf8").matchAll(specifiers)) {
        const specifier = staticSpecifier ?? dynamicSpecifier ?? "";
        const where = `${relative(repo, file)}: ${specifier}`;
        if (specifier.startsWith(".")) {
          if (relative(root, resolve(file, "..", specifier)).startsWith("..")) crossings.push(where);
        } else if (!specifier.startsWith("node:") && specifier !== "vitest") {
          const pkg = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
          if (!declared.has(pkg)) crossings.push(where);
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});
