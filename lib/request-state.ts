import type { EntityManager } from '@mikro-orm/core';
import type { Context } from 'koa';

import { OAuth2RequestState, type FormPair } from './oauth2/index.js';

/** Where the request's `RequestScope` is kept on `ctx.state`. */
export const REQUEST_STATE_KEY = 'oauth2Request';

/**
 * The state of one Koa request (the core's `OAuth2RequestState` plus what only the Koa side knows): the backend hands
 * it to every core request it builds for `ctx`, so that the backend, the core and the validator read one object.
 * It lives on `ctx.state.oauth2Request` for that request only; `requestState(ctx)` returns it.
 */
export class RequestScope extends OAuth2RequestState {
  /** The EntityManager forked for a request that carries none (never kept across requests). */
  forkedEm: EntityManager | null = null;
  /** The one read of the form body (its text, null, or the error): the stream cannot be read twice. */
  formBody: Promise<string | null> | null = null;
  /** The form body decoded strictly, once. */
  formPairs: readonly FormPair[] | null = null;
  /** The CSRF secret this request set in its cookie: a second form on the same page carries the same one. */
  csrfSecret: string | null = null;
  /** The response's CSP nonce, the same for every inline style of the page. */
  cspNonce: string | null = null;
}

/** Return the state of the Koa request `ctx`, made on first use. */
export function requestState(ctx: Context): RequestScope {
  const found: unknown = ctx.state[REQUEST_STATE_KEY];
  if (found instanceof RequestScope) return found;
  const state = new RequestScope();
  ctx.state[REQUEST_STATE_KEY] = state;
  return state;
}
