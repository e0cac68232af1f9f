import type { Context, Middleware } from 'koa';

import { writeDatabaseUnavailable } from './backend/unavailable.js';
import { isConnectionFailure } from './database-unavailable.js';
import { OAuthLibMixin } from './mixins/oauth-lib.js';
import { authorizeBearer, guardRequest, setBearerState, type Verifier } from './mixins/protected-resource.js';
import { readWriteScopeFor } from './mixins/read-write-scoped.js';
import { setResponseSecurityHeaders } from './page-headers.js';
import { oauth2Settings } from './settings/store.js';

/** The backend the middleware forms use: the settings' classes, cached like a view's (no instance per request). */
class MiddlewareOAuthLib extends OAuthLibMixin(Object) {}

/** Options of `protectedResource()` and `rwProtectedResource()`. */
export interface ProtectedResourceOptions {
  /** Scopes the token must carry (besides the read or write scope for `rwProtectedResource`). */
  scopes?: readonly string[];
}

const verify: Verifier = (ctx, scopes) => MiddlewareOAuthLib.getOAuthLibCore().verifyRequest(ctx, scopes);

/**
 * Run a middleware's token check; when the database cannot be reached, answer 503 (`writeDatabaseUnavailable`) and
 * fail the check, so the route never runs. Errors of the routes after it are not this middleware's to answer.
 */
async function checkOrUnavailable(ctx: Context, check: () => Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    if (!isConnectionFailure(error)) throw error;
    writeDatabaseUnavailable(ctx, error);
    return false;
  }
}

/**
 * Require a valid bearer token with `scopes` before the next middleware (DOT's `@protected_resource`), answering
 * as RFC 6750 §3 says otherwise; OPTIONS passes. What the token carries is on `ctx.state.oauth2`.
 *
 * @example
 * router.get('/api/me', protectedResource({ scopes: ['profile'] }), (ctx) => { ctx.body = ctx.state.oauth2.user; });
 */
export function protectedResource({ scopes = [] }: ProtectedResourceOptions = {}): Middleware {
  const required = Object.freeze([...scopes]);
  return async (ctx, next) => {
    setResponseSecurityHeaders(ctx);
    await guardRequest(ctx, () => checkOrUnavailable(ctx, () => authorizeBearer(ctx, verify, required)), next);
  };
}

/**
 * Like `protectedResource()`, plus the read scope for GET, HEAD and OPTIONS and the write scope otherwise
 * (DOT's `@rw_protected_resource`). The list is built anew for every request, never appended to a shared one
 * (DOT #1738).
 *
 * @example
 * router.all('/api/notes', rwProtectedResource(), notesHandler);
 */
export function rwProtectedResource({ scopes = [] }: ProtectedResourceOptions = {}): Middleware {
  const required = Object.freeze([...scopes]);
  return async (ctx, next) => {
    const scopes = [...required, readWriteScopeFor(ctx.method)];
    setResponseSecurityHeaders(ctx);
    await guardRequest(ctx, () => checkOrUnavailable(ctx, () => authorizeBearer(ctx, verify, scopes)), next);
  };
}

/**
 * Set `ctx.state.user` from a valid `Authorization: Bearer` token when no user is set yet (DOT's
 * `OAuth2TokenMiddleware`), with the token's details on `ctx.state.oauth2`; an invalid token is ignored here, so
 * the route's own protection decides. Always adds `Vary: Authorization`.
 *
 * @example
 * app.use(session(app)).use(passport.session()).use(oauth2TokenMiddleware());
 */
export function oauth2TokenMiddleware(): Middleware {
  return async (ctx, next) => {
    setResponseSecurityHeaders(ctx);
    try {
      // The token's user cannot be known while the database is away: answered 503, never served as anonymous.
      if (await checkOrUnavailable(ctx, () => setUserFromBearer(ctx))) await next();
    } finally {
      ctx.vary('Authorization');
    }
  };
}

/** Set the user of a valid bearer token in the header when none is set; always true: an invalid token is ignored. */
async function setUserFromBearer(ctx: Context): Promise<boolean> {
  if (!/^bearer\s+\S/i.test(ctx.get('authorization')) || oauth2Settings().getUser(ctx)) return true;
  // App-wide: only the header counts (DOT), and the body stays unread for the app's own parser.
  const result = await MiddlewareOAuthLib.getOAuthLibCore().verifyRequest(ctx, [], { body: false });
  if (result.valid && result.request.user) {
    setBearerState(ctx, result.request);
    ctx.state['user'] = result.request.user;
  }
  return true;
}
