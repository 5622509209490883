import type { EmulatorContext } from "./context.js";
import type { ParamObject } from "./form-decoding.js";

export interface ApiRequest {
  method: string;
  path: string;
  params: ParamObject;
  pathParams: Record<string, string>;
}

export type Handler = (ctx: EmulatorContext, req: ApiRequest) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

/** Minimal path router: `/v1/payment_intents/:id/confirm` style patterns. */
export class Router {
  private readonly routes: Route[] = [];

  get(path: string, handler: Handler): void {
    this.add("GET", path, handler);
  }

  post(path: string, handler: Handler): void {
    this.add("POST", path, handler);
  }

  delete(path: string, handler: Handler): void {
    this.add("DELETE", path, handler);
  }

  match(method: string, path: string): { handler: Handler; pathParams: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const pathParams: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        pathParams[key] = decodeURIComponent(found[i + 1] ?? "");
      });
      return { handler: route.handler, pathParams };
    }
    return undefined;
  }

  private add(method: string, path: string, handler: Handler): void {
    const keys: string[] = [];
    const source = path.replace(/:([a-z_]+)/g, (_, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler });
  }
}

/** The id path parameter; routers guarantee it exists for routes that declare it. */
export function pathId(req: ApiRequest, key = "id"): string {
  return req.pathParams[key] ?? "";
}
