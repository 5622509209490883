import { createGraphQLError, type Plugin } from "graphql-yoga";

/**
 * Ends an execution after `timeoutMs` (or when the client goes away): the executor stops starting resolvers once
 * the signal aborts and the request is answered with a TIMEOUT error (HTTP 504). Resolvers receive the signal as
 * `info.signal` for work that can be cancelled; database calls already started run to completion.
 */
export function useExecutionTimeout(timeoutMs: number): Plugin {
  return {
    onExecute({ args }) {
      const stop = new AbortController();
      const timer = setTimeout(
        () =>
          stop.abort(
            createGraphQLError(`Query took longer than ${timeoutMs} ms and was stopped`, {
              extensions: { code: "TIMEOUT", http: { status: 504 } },
            }),
          ),
        timeoutMs,
      );
      // The client going away stops it too. Not AbortSignal.any: on Node 24 the server adapter's request signal
      // is not a native AbortSignal, which AbortSignal.any refuses.
      const request = (args.contextValue as { request?: Request } | undefined)?.request?.signal;
      const onClientGone = () => stop.abort(request?.reason);
      if (request?.aborted) onClientGone();
      else request?.addEventListener("abort", onClientGone, { once: true });
      // The executor of graphql-yoga (graphql-tools) honours `signal`; graphql's own ExecutionArgs lack the field.
      Object.assign(args, { signal: stop.signal });
      return {
        onExecuteDone: () => {
          clearTimeout(timer);
          request?.removeEventListener("abort", onClientGone);
        },
      };
    },
  };
}
