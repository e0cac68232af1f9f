import type { Context } from 'koa';

import { writeResponse } from '../backend.js';
import { ImproperlyConfigured } from '../errors.js';
import type { OAuth2Request, VerifyResult } from '../oauth2/index.js';
import type { View } from '../views/view.js';
import type { OAuth2User } from '../settings/user.js';
import type { OAuthLib } from './oauth-lib.js';
import type { AbstractConstructor } from './types.js';

declare module 'koa' {
  interface DefaultState {
    /**
     * What the protection of this request learned (`OAuth2State`): set by the protected views and middleware
     * before the handler runs; absent on a request that passed without a token (OPTIONS) or was not protected.
     */
    oauth2: OAuth2State;
  }
}

/**
 * What a protection check learned, on `ctx.state.oauth2` for the handler (Koa's namespace; never on `ctx` itself)
 * and on a protected view's `this.oauth2`. `User` is the app's user type (default: the one declared in
 * `OAuth2UserTypes`).
 */
export interface OAuth2State<User = OAuth2User> {
  /** The access token record the validator returned (the AccessToken entity), or null for client authentication. */
  readonly token: unknown;
  /** The resource owner, or null (client credentials tokens, client authentication). */
  readonly user: User | null;
  /** The scopes the token carries (empty for client authentication). */
  readonly scopes: readonly string[];
  /** The client application behind the token or the authenticated client, when known. */
  readonly application: unknown;
}

/** A failed bearer verification. */
export type VerifyFailure = Extract<VerifyResult, { valid: false }>;

/** Verify a request for scopes: the view's `verifyRequest` or the middleware's. */
export type Verifier = (ctx: Context, scopes: readonly string[]) => Promise<VerifyResult>;

/**
 * Return whether a request passes protection without credentials: OPTIONS, because a CORS preflight carries none
 * (DOT's rule). The one copy of this guard, used by every protection mixin and middleware.
 */
export function passesWithoutToken(ctx: Context): boolean {
  return ctx.method === 'OPTIONS';
}

/** Run `proceed` if the request passes without a token or `check()` says yes; otherwise `check()` has answered. */
export async function guardRequest(
  ctx: Context,
  check: () => Promise<boolean>,
  proceed: () => Promise<void>,
): Promise<void> {
  if (passesWithoutToken(ctx) || (await check())) await proceed();
}

/** Put what a verified bearer request carries on `ctx.state.oauth2`. */
export function setBearerState(ctx: Context, request: OAuth2Request): void {
  const token = request.accessToken;
  const fromToken = (token as { application?: unknown } | null)?.application;
  const state: OAuth2State = {
    token,
    user: (request.user as OAuth2User | undefined) ?? null,
    scopes: request.scopes,
    application: request.client ?? fromToken ?? null,
  };
  ctx.state.oauth2 = state;
}

/**
 * Return what the protection of this request learned (`ctx.state.oauth2`): a protected view's `this.oauth2`.
 * @throws ImproperlyConfigured when the request was not protected (OPTIONS passes without a token, and so has none)
 */
export function protectionState(ctx: Context): OAuth2State {
  const state = (ctx.state as { oauth2?: OAuth2State }).oauth2;
  if (state === undefined) {
    throw new ImproperlyConfigured(
      `No OAuth2State on ${ctx.method} ${ctx.path}: this.oauth2 is set by the protection, which lets OPTIONS pass ` +
        'without a token; read it only in handlers of methods that are protected',
    );
  }
  return state;
}

/**
 * Verify the bearer token for `scopes`; on success fill `ctx.state.oauth2` and return true, on failure let `onFailure`
 * answer (by default RFC 6750 §3: 401 with a bare `Bearer` challenge when no token was sent, 401 `invalid_token`,
 * 403 `insufficient_scope` with `scope`) and return false.
 */
export async function authorizeBearer(
  ctx: Context,
  verify: Verifier,
  scopes: readonly string[],
  onFailure: (result: VerifyFailure) => void = (result) => writeResponse(ctx, result.response),
): Promise<boolean> {
  const result = await verify(ctx, scopes);
  if (!result.valid) {
    onFailure(result);
    return false;
  }
  setBearerState(ctx, result.request);
  return true;
}

/** What `ProtectedResourceMixin` adds: the answer to a failed check, a hook to override, the typed state. */
export interface ProtectedResource {
  /** What the check learned: token, user (typed as the app declared it), scopes, application. */
  readonly oauth2: OAuth2State;
  /**
   * Answer a request whose token failed (RFC 6750 §3 by default). Override for another answer, e.g. DOT's bare
   * 403: `override verificationFailed() { this.ctx.status = 403; }`.
   */
  verificationFailed(result: VerifyFailure): void;
}

/**
 * Require a valid bearer token, with the scopes of `getScopes()`, before any handler runs (DOT's
 * `ProtectedResourceMixin`); OPTIONS passes without one. The handler finds `ctx.state.oauth2`.
 * Unlike DOT's bare 403, failures answer as RFC 6750 §3 says (401 `invalid_token`, 403 `insufficient_scope`).
 *
 * @example
 * class Things extends ProtectedResourceMixin(OAuthLibMixin(View)) {
 *   async get() { this.ctx.body = { user: this.oauth2.user }; }
 * }
 */
export function ProtectedResourceMixin<TBase extends AbstractConstructor<View & OAuthLib>>(Base: TBase) {
  abstract class ProtectedResourceView extends Base implements ProtectedResource {
    get oauth2(): OAuth2State {
      return protectionState(this.ctx);
    }

    verificationFailed(result: VerifyFailure): void {
      writeResponse(this.ctx, result.response);
    }

    override async dispatch(): Promise<void> {
      await guardRequest(
        this.ctx,
        () =>
          authorizeBearer(
            this.ctx,
            (ctx, scopes) => this.verifyRequest(ctx, scopes),
            this.getScopes(),
            (result) => this.verificationFailed(result),
          ),
        () => super.dispatch(),
      );
    }
  }
  return ProtectedResourceView as TBase & AbstractConstructor<ProtectedResource>;
}
