import type { Middleware } from 'koa';
import {
  ClientProtectedResourceView,
  ProtectedResourceView,
  ReadWriteScopedResourceView,
  ScopedProtectedResourceView,
  type OAuth2State,
} from '../../lib/index.js';
import type { User } from '../models/user.js';

/** The answer of every example API: who the token (or client) speaks for, and with which scopes. */
function whoami(state: OAuth2State): { ok: true; user: string | null; scopes: readonly string[] } {
  const user = state.user as User | null;
  return { ok: true, user: user?.username ?? null, scopes: state.scopes };
}

/** `/api/hello`: any valid bearer token (DOT's `ProtectedResourceView`). */
export class HelloView extends ProtectedResourceView {
  async get() {
    this.ctx.body = whoami(this.ctx.state['oauth2'] as OAuth2State);
  }
}

/** `/api/scoped`: a bearer token with the `read` scope (DOT's `ScopedProtectedResourceView`). */
export class ScopedView extends ScopedProtectedResourceView {
  override requiredScopes = ['read'];
  async get() {
    this.ctx.body = whoami(this.ctx.state['oauth2'] as OAuth2State);
  }
}

/** `/api/rw`: `read` for GET, `write` for POST (DOT's `ReadWriteScopedResourceView`). */
export class ReadWriteView extends ReadWriteScopedResourceView {
  async get() {
    this.ctx.body = whoami(this.ctx.state['oauth2'] as OAuth2State);
  }
  async post() {
    this.ctx.body = whoami(this.ctx.state['oauth2'] as OAuth2State);
  }
}

/** `/api/client`: a confidential client's own credentials, or a bearer token (DOT's `ClientProtectedResourceView`). */
export class ClientView extends ClientProtectedResourceView {
  async get() {
    this.ctx.body = whoami(this.ctx.state['oauth2'] as OAuth2State);
  }
  async post() {
    this.ctx.body = whoami(this.ctx.state['oauth2'] as OAuth2State);
  }
}

/**
 * Mark every answer of the API, errors included, as not to be stored by any cache: it speaks for one token's user
 * (RFC 9111 §5.2.2.5; RFC 6749 §5.1 asks the same of token responses).
 */
export const noStore: Middleware = async (ctx, next) => {
  ctx.set('Cache-Control', 'no-store');
  await next();
};

/**
 * `GET /api/me` behind `protectedResource({ scopes: ['read'] })`: the middleware form, for a token from the demo
 * flow (`curl -H "Authorization: Bearer <token>" .../api/me`).
 */
export const me: Middleware = (ctx) => {
  const oauth2 = ctx.state.oauth2 as OAuth2State;
  const user = oauth2.user as User | null;
  ctx.body = { username: user?.username ?? null, scope: oauth2.scopes.join(' ') };
};
