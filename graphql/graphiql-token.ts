import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { GraphiQLOptions } from "graphql-yoga";

// GraphiQL with the caller's token filled in, without the server ever holding it: the start-up banner prints
// /graphql#token=nss_..., and a fragment is never sent to a server. This script, run before GraphiQL, moves the
// token from the fragment into this tab's sessionStorage, removes it from the address bar and history, and
// gives it to GraphiQL as its initial headers and as a header on every request it sends.
const tokenScript = `<script>
(function () {
  var key = "nop-stripe-sidecar:token";
  var found = /^#token=(nss_[A-Za-z0-9_-]{43})$/.exec(location.hash);
  if (found) {
    sessionStorage.setItem(key, found[1]);
    history.replaceState(null, "", location.pathname + location.search);
  }
  var token = sessionStorage.getItem(key);
  var headers = token ? { Authorization: "Bearer " + token } : undefined;
  window.sidecarGraphiqlHeaders = {
    editor: headers && JSON.stringify(headers, null, 2),
    request: headers,
  };
})();
</script>`;

// GraphiQL's options are embedded as JSON; these values stand in for expressions that read the script's result.
const placeholders = {
  editor: "__sidecar_graphiql_editor_headers__",
  request: "__sidecar_graphiql_request_headers__",
} as const;

export function renderGraphiqlWithFragmentToken(options?: GraphiQLOptions): string {
  let html = renderGraphiQL({
    ...options,
    headers: placeholders.editor,
    additionalHeaders: placeholders.request as unknown as Record<string, string>,
  });
  for (const [name, placeholder] of Object.entries(placeholders)) {
    const quoted = JSON.stringify(placeholder);
    if (!html.includes(quoted)) throw new Error("GraphiQL page changed shape: cannot wire the token from the fragment");
    html = html.replace(quoted, `window.sidecarGraphiqlHeaders.${name}`);
  }
  return html.replace("<head>", `<head>${tokenScript}`);
}
