import type { Middleware } from 'koa';
import {
  ClientProtectedResourceView,
  ProtectedResourceView,
  ReadWriteScopedResourceView,
  ScopedProtectedResourceView,
  type AbstractConstructor,
  type OAuth2State,
  type View,
} from '../../lib/index.js';
import type { User } from '../models/user.js';

/** The answer of every example API: who the token (or client) speaks for, and with which scopes. */
function whoami(state: OAuth2State): { ok: true; user: string | null; scopes: readonly string[] } {
  // A real app declares its User once (OAuth2UserTypes, README) and drops this cast; the example shares one type
  // check with the toolkit's specs, whose own User would clash with it.
  const user = state.user as User | null;
  return { ok: true, user: user?.username ?? null, scopes: state.scopes };
}

/**
 * Answer GET, HEAD (served by `get`), POST, PUT, PATCH and DELETE with `whoami()`: what each protection lets through
 * shows on every method, a bearer token in a POSTed form body (RFC 6750 §2.2) included.
 */
function AnswersEveryMethod<TBase extends AbstractConstructor<View & { readonly oauth2: OAuth2State }>>(Base: TBase) {
  abstract class EveryMethodView extends Base {
    answer(): void {
      this.ctx.body = whoami(this.oauth2);
    }
    async get() {
      this.answer();
    }
    async post() {
      this.answer();
    }
    async put() {
      this.answer();
    }
    async patch() {
      this.answer();
    }
    async delete() {
      this.answer();
    }
  }
  return EveryMethodView;
}

/** `/api/hello`: any valid bearer token (DOT's `ProtectedResourceView`). */
export class HelloView extends AnswersEveryMethod(ProtectedResourceView) {}

/** `/api/scoped`: a bearer token with the `read` scope (DOT's `ScopedProtectedResourceView`). */
export class ScopedView extends AnswersEveryMethod(ScopedProtectedResourceView) {
  override requiredScopes = ['read'];
}

/** `/api/rw`: `read` for GET and HEAD, `write` for POST, PUT, PATCH and DELETE (DOT's `ReadWriteScopedResourceView`). */
export class ReadWriteView extends AnswersEveryMethod(ReadWriteScopedResourceView) {}

/** `/api/client`: a confidential client's own credentials, or a bearer token (DOT's `ClientProtectedResourceView`). */
export class ClientView extends AnswersEveryMethod(ClientProtectedResourceView) {}

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
  const oauth2 = ctx.state.oauth2;
  const user = oauth2.user as User | null;
  ctx.body = { username: user?.username ?? null, scope: oauth2.scopes.join(' ') };
};
