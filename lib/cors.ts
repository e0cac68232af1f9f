import createDebug from 'debug';
import type { Context } from 'koa';

import type { OAuthLibCore } from './backend.js';

const debug = createDebug('koa-oauth-toolkit:cors');

/** The request headers a browser client may send to the token and revocation endpoints. */
export const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type';
/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE = '600';

/** Return whether the request is a CORS preflight (Fetch standard: OPTIONS with Origin and the requested method). */
export function isPreflight(ctx: Context): boolean {
  return ctx.method === 'OPTIONS' && ctx.get('origin') !== '' && ctx.get('access-control-request-method') !== '';
}

/**
 * Answer a CORS preflight for `methods` when some client allows its Origin (the validator's `isOriginRegistered`:
 * a preflight carries no client identity, ARCHITECTURE.md, CORS): 204 with the allow headers. Returns false, having
 * written nothing, for any other request, which the view then answers as usual (a plain OPTIONS answer without
 * CORS headers, which the browser refuses).
 */
export async function answerPreflight(ctx: Context, methods: readonly string[], core: OAuthLibCore): Promise<boolean> {
  if (!isPreflight(ctx)) return false;
  const origin = ctx.get('origin');
  ctx.vary('Origin');
  const method = ctx.get('access-control-request-method').toUpperCase();
  if (!methods.includes(method) || !(await isOriginRegistered(ctx, origin, core))) {
    debug('preflight refused for method %s', method);
    return false;
  }
  ctx.status = 204;
  ctx.set('Access-Control-Allow-Origin', origin);
  ctx.set('Access-Control-Allow-Methods', methods.join(', '));
  ctx.set('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
  ctx.set('Access-Control-Max-Age', CORS_MAX_AGE);
  return true;
}

/** Return whether some client allows CORS from `origin`, as the view's validator answers. */
async function isOriginRegistered(ctx: Context, origin: string, core: OAuthLibCore): Promise<boolean> {
  return core.viewValidator('isOriginRegistered').isOriginRegistered(origin, await core.lookupRequest(ctx));
}

/**
 * Add `Vary: Origin` to the answer of an actual request that came with an Origin. Whether the origin is allowed
 * was decided once, by the core, for the client that authenticated (`Access-Control-Allow-Origin` on its answer).
 */
export function varyOnOrigin(ctx: Context): void {
  if (ctx.get('origin') !== '') ctx.vary('Origin');
}
