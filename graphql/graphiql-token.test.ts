import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { renderGraphiqlWithFragmentToken } from "./graphiql-token.js";

const html = renderGraphiqlWithFragmentToken({ title: "test" });
const token = `nss_${"a1B2-_".repeat(7)}x`;

/** Runs the page's token script as a browser would, with the given address and tab storage. */
function openPage(hash: string, stored: Record<string, string> = {}) {
  const script = /<head><script>([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error("no token script at the top of the page");
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const window: { sidecarGraphiqlHeaders?: { editor?: string; request?: Record<string, string> } } = {};
  runInNewContext(script, {
    window,
    location: { hash, pathname: "/graphql", search: "" },
    history: { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) },
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => storage.set(k, v),
    },
  });
  return { headers: window.sidecarGraphiqlHeaders, replaced, storage };
}

describe("GraphiQL with the token from the URL fragment", () => {
  it("fills GraphiQL's headers from #token=, keeps it for the tab and removes it from the address", () => {
    const page = openPage(`#token=${token}`);
    expect(page.headers?.request).toEqual({ Authorization: `Bearer ${token}` });
    expect(JSON.parse(page.headers?.editor ?? "{}")).toEqual({ Authorization: `Bearer ${token}` });
    expect(page.replaced).toEqual(["/graphql"]);
    expect([...page.storage.values()]).toEqual([token]);
    // A reload (no fragment any more) still has it, from the tab's storage.
    expect(openPage("", Object.fromEntries(page.storage)).headers?.request).toEqual({
      Authorization: `Bearer ${token}`,
    });
  });

  it("without a token, or with something else in the fragment, sets no header and touches nothing", () => {
    for (const hash of ["", "#token=abc", `#token=${token}"><script>`, `#other=${token}`]) {
      const page = openPage(hash);
      expect(page.headers).toEqual({ editor: undefined, request: undefined });
      expect(page.replaced).toEqual([]);
      expect(page.storage.size).toBe(0);
    }
  });

  it("hands GraphiQL the script's result, and the page itself holds no token", () => {
    expect(html.includes('"headers":window.sidecarGraphiqlHeaders.editor')).toBe(true);
    expect(html.includes('"additionalHeaders":window.sidecarGraphiqlHeaders.request')).toBe(true);
    expect(html.indexOf("sidecarGraphiqlHeaders = ")).toBeLessThan(html.indexOf("renderYogaGraphiQL("));
    expect(/nss_[A-Za-z0-9_-]{43}/.test(html)).toBe(false);
  });
});
