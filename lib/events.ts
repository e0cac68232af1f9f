import createDebug from 'debug';
import type { Context } from 'koa';

import { oauth2Settings } from './settings/store.js';

const debug = createDebug('koa-oauth-toolkit:events');

/** Emitted by `TokenView` after a 200 that issued an access token (DOT's `app_authorized` signal). */
export const APP_AUTHORIZED = 'app_authorized';
/** Emitted by `RevokeTokenView` after a 200 when the token it named is revoked (RFC 7009 §2.2). */
export const TOKEN_REVOKED = 'token_revoked';

/** The payload of `app_authorized`: the request, the issued access token and its application. */
export interface AppAuthorizedEvent {
  /** The Koa context of the token request. */
  readonly ctx: Context;
  /** The stored AccessToken entity (looked up by checksum), or null when the validator keeps no such entity. */
  readonly token: unknown;
  /** The client application the token was issued to, when known. */
  readonly application: unknown;
}

/** The payload of `token_revoked`: the request, the revoked token and its application. */
export interface TokenRevokedEvent {
  /** The Koa context of the revocation request. */
  readonly ctx: Context;
  /** The revoked AccessToken or RefreshToken entity. */
  readonly token: unknown;
  /** Which kind of token `token` is. */
  readonly tokenType: 'access_token' | 'refresh_token';
  /** The application the token was issued to. */
  readonly application: unknown;
}

/** Every event of the toolkit and its payload, for typed listeners. */
export interface OAuth2Events {
  [APP_AUTHORIZED]: AppAuthorizedEvent;
  [TOKEN_REVOKED]: TokenRevokedEvent;
}

/** An event name of the toolkit. */
export type OAuth2EventName = keyof OAuth2Events;

/** Return whether anybody listens to `name` on the settings' emitter (so that payloads are only built when used). */
export function hasListeners(name: OAuth2EventName): boolean {
  return oauth2Settings().events.listenerCount(name) > 0;
}

/**
 * Emit an event on the settings' `events` emitter. A listener that throws is reported to the settings' logger
 * and never turns the (already committed) OAuth answer into a 500; the payload is not logged, since it holds tokens.
 *
 * @example
 * configure({ orm, events }); events.on('app_authorized', ({ token, application }) => audit(application, token));
 */
export function emitEvent<N extends OAuth2EventName>(name: N, payload: OAuth2Events[N]): void {
  const settings = oauth2Settings();
  try {
    settings.events.emit(name, payload);
  } catch (error) {
    debug('a %s listener threw', name);
    settings.logger?.error(`koa-oauth-toolkit: a '${name}' listener threw`, error);
  }
}
