/** The OpenID Connect questions of the in-memory validator (oauthlib `openid.RequestValidator`). */
import { decodeJwt } from 'jose';
import {
  scopesCover,
  type IdTokenAlgorithm,
  type IdTokenRecord,
  type OAuth2Client,
  type OAuth2Request,
} from '../../../lib/oauth2/index.js';
import { sameUser, type MemoryUser } from './store.js';
import { MemoryTokenValidator } from './tokens.js';

/** Who the user is, what the client may sign with, and the ID tokens issued. */
export abstract class MemoryOpenIDValidator extends MemoryTokenValidator {
  /**
   * Consent is on record when the application skips it, or the user holds a live access token of the application
   * covering the scopes (DOT's `approval_prompt=auto` rule).
   */
  async hasConsentOnRecord(
    user: unknown,
    client: OAuth2Client,
    scopes: readonly string[],
    _request: OAuth2Request,
  ): Promise<boolean> {
    const application = this.applicationOf(client);
    if (application === null || user === null || user === undefined) return false;
    if (application.skipAuthorization) return true;
    return [...this.store.accessTokens.values()].some(
      (row) =>
        row.clientId === application.clientId &&
        sameUser(row.user, user) &&
        this.store.isLive(row) &&
        scopesCover(row.scopes, scopes),
    );
  }

  async validateSilentLogin(request: OAuth2Request): Promise<boolean> {
    return request.user !== null && request.user !== undefined;
  }

  async validateSilentAuthorization(request: OAuth2Request): Promise<boolean> {
    if (request.client === null) return false;
    return this.hasConsentOnRecord(request.user, request.client, request.scopes, request);
  }

  /** The session user must be the `sub` of the hint and of a `claims` request for `sub` (OIDC Core §3.1.2.2). */
  async validateUserMatch(hint: string | null, _scopes: readonly string[], claims: unknown, request: OAuth2Request) {
    const wanted: (string | null)[] = [];
    // The core has verified the hint's signature, so it decodes.
    if (hint !== null) wanted.push(decodeJwt(hint).sub ?? null);
    const requested = (claims as { id_token?: { sub?: { value?: unknown } | null } } | null)?.id_token?.sub?.value;
    if (requested !== undefined) wanted.push(String(requested));
    if (wanted.length === 0) return true;
    if (!(await this.validateSilentLogin(request))) return false;
    const subject = await this.getSubject(request.user, request);
    return wanted.every((sub) => sub === subject);
  }

  async getIdTokenAlgorithm(client: OAuth2Client, _request: OAuth2Request): Promise<IdTokenAlgorithm | ''> {
    return this.applicationOf(client)?.algorithm ?? '';
  }

  /** Secrets are stored hashed, so no client can get HS256 ID tokens. */
  async getClientSigningSecret(_client: OAuth2Client, _request: OAuth2Request): Promise<string | null> {
    return null;
  }

  /** The user's id; '' for no user. */
  async getSubject(user: unknown, _request: OAuth2Request): Promise<string> {
    return user === null || user === undefined ? '' : String((user as MemoryUser).id);
  }

  async getUserClaims(user: unknown, _scopes: readonly string[], _request: OAuth2Request) {
    return { ...(user as MemoryUser).claims };
  }

  async saveIdToken(record: IdTokenRecord, _request: OAuth2Request): Promise<void> {
    const user = (record.user as MemoryUser | null) ?? null;
    this.store.idTokens.set(record.jti, { clientId: record.clientId, user, expiresAt: record.expiresAt });
  }

  async refreshIdToken(_request: OAuth2Request): Promise<boolean> {
    return true;
  }
}
