/**
 * The routes an app really serves, read from the `@koa/router` instances mounted on it (each `router.routes()`
 * middleware carries its router), not from a hand-written list: a route added to the app is fuzzed without anyone
 * remembering to add it here.
 */
import type { Layer } from '@koa/router';
import type Koa from 'koa';

/** One mounted route: its path template, concrete paths that match it, and the methods it was registered for. */
export interface MountedRoute {
  /** The template as registered, prefix included (e.g. `/o/.well-known/openid-configuration{/}`). */
  readonly template: string;
  /** Concrete request paths, each checked to match the route. */
  readonly paths: readonly string[];
  /** The registered methods, upper case (`router.all` registers every method Node knows). */
  readonly methods: readonly string[];
}

/**
 * Methods Node's HTTP server never hands to the app: CONNECT goes to the server's `connect` event (and, with no
 * listener, the connection is closed), so no route can answer it.
 */
export const METHODS_NODE_KEEPS = new Set(['CONNECT']);

/** Return every route × method of the routers mounted on `app`, in mounting order. */
export function mountedRoutes(app: Koa): MountedRoute[] {
  const routes: MountedRoute[] = [];
  for (const middleware of app.middleware) {
    const router = (middleware as { router?: { stack: Layer[] } }).router;
    if (router === undefined) continue;
    for (const layer of router.stack) {
      if (layer.methods.length === 0 || typeof layer.path !== 'string') continue;
      const paths = expandOptionalGroups(layer.path).map(fillParameters);
      const unmatched = paths.filter((path) => !layer.match(path));
      if (unmatched.length > 0) throw new Error(`fuzz: ${unmatched.join(', ')} does not match ${layer.path}`);
      const methods = [...new Set(layer.methods)].filter((method) => !METHODS_NODE_KEEPS.has(method));
      routes.push({ template: layer.path, paths, methods });
    }
  }
  return routes;
}

/** Expand each optional `{...}` group of a path-to-regexp v8 template both ways (`/a{/}` → `/a`, `/a/`). */
function expandOptionalGroups(template: string): string[] {
  const match = /\{([^{}]*)\}/.exec(template);
  if (match === null) return [template];
  const before = template.slice(0, match.index);
  const after = template.slice(match.index + match[0].length);
  return [...expandOptionalGroups(`${before}${after}`), ...expandOptionalGroups(`${before}${match[1]}${after}`)];
}

/** Give every `:param` and `*wildcard` a plain value. */
function fillParameters(path: string): string {
  return path.replace(/[:*][A-Za-z0-9_]+/g, 'x1');
}
