import createDebug from 'debug';
import type { Context } from 'koa';

import { requestEntityManager } from './backend.js';
import { readFormFields } from './backend/form-body.js';
import { findApplicationByClientId, findApplicationsByOrigin } from './models/queries.js';
import { OAuth2Error, parseBasicAuthorization } from './oauth2/index.js';

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
 * Return whether any application lists `origin` in its `allowedOrigins` (within `allowedSchemes`): one indexed
 * lookup, since a preflight carries no client identity (DESIGN.md, CORS).
 */
export async function isRegisteredOrigin(ctx: Context, origin: string): Promise<boolean> {
  const em = requestEntityManager(ctx);
  if (em === undefined) return false;
  const applications = await findApplicationsByOrigin(em, origin);
  return applications.some((application) => application.originAllowed(origin));
}

/**
 * Answer a CORS preflight for `methods` when its Origin is registered by some application: 204 with the allow
 * headers. Returns false, having written nothing, for any other request, which the view then answers as usual
 * (a plain OPTIONS answer without CORS headers, which the browser refuses).
 */
export async function answerPreflight(ctx: Context, methods: readonly string[]): Promise<boolean> {
  if (!isPreflight(ctx)) return false;
  const origin = ctx.get('origin');
  ctx.vary('Origin');
  const method = ctx.get('access-control-request-method').toUpperCase();
  if (!methods.includes(method) || !(await isRegisteredOrigin(ctx, origin))) {
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

/** Return the client id a request names: HTTP Basic first, then `client_id` of the form body. */
export async function requestClientId(ctx: Context): Promise<string | null> {
  try {
    const basic = parseBasicAuthorization(ctx.get('authorization') || null);
    if (basic !== null) return basic.clientId;
  } catch (error) {
    if (error instanceof OAuth2Error) return null;
    throw error;
  }
  return (await readFormFields(ctx))?.get('client_id') ?? null;
}

/**
 * Add CORS to the answer of an actual request (after the core answered): `Vary: Origin` whenever an Origin came,
 * and `Access-Control-Allow-Origin` on a successful answer, when the client that authenticated for it lists the
 * origin. An answer that already has one (the core's token responses) is left alone. Error answers get none: the
 * client is not known to be authenticated then.
 */
export async function addActualCorsHeaders(ctx: Context): Promise<void> {
  const origin = ctx.get('origin');
  if (origin === '') return;
  ctx.vary('Origin');
  if (ctx.response.get('Access-Control-Allow-Origin') || ctx.status >= 300) return;
  const clientId = await requestClientId(ctx);
  const em = requestEntityManager(ctx);
  if (!clientId || em === undefined) return;
  const application = await findApplicationByClientId(em, clientId);
  if (application?.originAllowed(origin)) ctx.set('Access-Control-Allow-Origin', origin);
}
