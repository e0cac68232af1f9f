/**
 * A validator that keeps everything in memory (ARCHITECTURE.md, The bridge): `RequestValidator`,
 * `OpenIDRequestValidator` and `ViewValidator` written from scratch on a `MemoryStore`, with no ORM and nothing of
 * `OAuth2Validator`. spec/integration/memory-validator/ runs every feature of the views through it, the proof that
 * an app can swap the storage and keep them.
 *
 * @example
 * const store = new MemoryStore({ scopes: ['read'], defaultScopes: ['read'] });
 * configure({ oauth2ValidatorClass: memoryValidatorClass(store) });
 */
import type { OAuth2Client, OAuth2Request, OpenIDRequestValidator } from '../../../lib/oauth2/index.js';
import type { PostLogoutUriProblem, RevokedToken, StoredToken, ViewValidator } from '../../../lib/index.js';
import { MemoryDeviceValidator } from './device.js';
import { checksum, sameUser, type MemoryStore } from './store.js';

export { MemoryStore, checksum, type MemoryApplication, type MemoryUser } from './store.js';

/** A loopback IP literal host, for which http is allowed (RFC 8252 §7.3). */
const LOOPBACK = /^(127(\.\d{1,3}){3}|\[::1\])$/;

/** The questions of the views, the CORS rule and the events, on top of the core's. */
export class MemoryValidator extends MemoryDeviceValidator implements OpenIDRequestValidator, ViewValidator {
  async getIssuedAccessToken(accessToken: string, _request: OAuth2Request): Promise<StoredToken | null> {
    const token = this.store.accessTokens.get(checksum(accessToken));
    return token === undefined ? null : { token, application: this.application(token.clientId) };
  }

  async getRevokedToken(token: string, _request: OAuth2Request): Promise<RevokedToken | null> {
    const sum = checksum(token);
    const access = this.store.accessTokens.get(sum);
    const found = access ?? this.store.refreshTokens.get(sum);
    if (found === undefined || found.revoked === null) return null;
    const tokenType = found === access ? 'access_token' : 'refresh_token';
    return { token: found, tokenType, application: this.application(found.clientId) };
  }

  async isOriginRegistered(origin: string, _request: OAuth2Request): Promise<boolean> {
    return [...this.store.applications.values()].some((application) => application.allowedOrigins.includes(origin));
  }

  /** A scheme the application allows (http also for a loopback IP), and a registered URI compared exactly. */
  async validatePostLogoutRedirectUri(
    client: OAuth2Client,
    uri: string,
    _request: OAuth2Request,
  ): Promise<PostLogoutUriProblem | null> {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      return 'scheme-missing';
    }
    const scheme = url.protocol.slice(0, -1);
    const application = this.applicationOf(client);
    const loopback = scheme === 'http' && LOOPBACK.test(url.hostname);
    if (application === null || (!application.allowedSchemes.includes(scheme) && !loopback)) {
      return 'scheme-not-permitted';
    }
    return application.postLogoutRedirectUris.includes(uri) ? null : 'not-registered';
  }

  /** Revoke the user's live tokens of the client and delete their ID tokens (RP-initiated logout). */
  async revokeUserTokens(user: unknown, client: OAuth2Client, _request: OAuth2Request): Promise<void> {
    const ofUser = (row: { clientId: string; user: unknown }) =>
      row.clientId === client.clientId && sameUser(row.user, user);
    const now = new Date();
    for (const row of this.store.refreshTokens.values()) if (ofUser(row)) row.revoked ??= now;
    for (const row of this.store.accessTokens.values()) if (ofUser(row)) row.revoked ??= now;
    for (const [jti, row] of this.store.idTokens) if (ofUser(row)) this.store.idTokens.delete(jti);
  }
}

/** Return a validator class over `store`, for the `oauth2ValidatorClass` setting (which takes no arguments). */
export function memoryValidatorClass(store: MemoryStore): new () => MemoryValidator {
  return class extends MemoryValidator {
    constructor() {
      super(store);
    }
  };
}
