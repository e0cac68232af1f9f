import type {
  BearerToken,
  IdTokenAlgorithm,
  IdTokenRecord,
  OAuth2Client,
  OAuth2Request,
  OpenIDRequestValidator,
  RefreshTokenLookup,
  RotateResult,
  TokenLifetimes,
} from '../../../../lib/oauth2/index.js';
import { MemoryValidator, type MemoryClient } from '../../helpers/memory-validator.js';

/** A test user: `sub` is its id, as DOT's primary key. */
export interface TestUser {
  id: number;
  username: string;
}

/**
 * The in-memory validator with the OpenID questions: per-client algorithm and readable secret, switchable
 * login/consent state for `prompt=none`, user claims, stored ID tokens, and `auth_time` kept with refresh tokens.
 */
export class OpenIDMemoryValidator extends MemoryValidator implements OpenIDRequestValidator {
  readonly algorithms = new Map<string, IdTokenAlgorithm | ''>();
  /** Client ids whose secret is stored readable (DOT `hashClientSecret: false`). */
  readonly readableSecrets = new Set<string>();
  readonly idTokens: IdTokenRecord[] = [];
  readonly refreshAuthTimes = new Map<string, number | null>();
  loggedIn = true;
  consented = true;
  refreshIdTokens = true;
  /** What `getUserClaims` returns; `claimScopes` records the scopes it was asked with. */
  userClaims: Record<string, unknown> = {};
  readonly claimScopes: (readonly string[])[] = [];
  /** Decides `validateUserMatch` (default: no hint, or a hint whose `sub` is the session user's). */
  userMatch: (hint: string | null, request: OAuth2Request) => boolean = (hint, request) => {
    if (hint === null) return true;
    const payload = JSON.parse(Buffer.from(hint.split('.')[1] ?? '', 'base64url').toString()) as { sub?: string };
    return request.user !== null && payload.sub === String((request.user as TestUser).id);
  };

  async validateSilentLogin(): Promise<boolean> {
    this.calls.push('validateSilentLogin');
    return this.loggedIn;
  }

  async validateSilentAuthorization(): Promise<boolean> {
    this.calls.push('validateSilentAuthorization');
    return this.consented;
  }

  async validateUserMatch(hint: string | null, _scopes: readonly string[], _claims: unknown, request: OAuth2Request) {
    this.calls.push('validateUserMatch');
    return this.userMatch(hint, request);
  }

  async getIdTokenAlgorithm(client: OAuth2Client): Promise<IdTokenAlgorithm | ''> {
    return this.algorithms.get(client.clientId) ?? 'RS256';
  }

  async getClientSigningSecret(client: OAuth2Client): Promise<string | null> {
    return this.readableSecrets.has(client.clientId) ? (client as MemoryClient).clientSecret : null;
  }

  async getSubject(user: unknown): Promise<string> {
    return String((user as TestUser).id);
  }

  async getUserClaims(_user: unknown, scopes: readonly string[]): Promise<Record<string, unknown>> {
    this.claimScopes.push(scopes);
    return { ...this.userClaims };
  }

  async saveIdToken(record: IdTokenRecord): Promise<void> {
    this.idTokens.push(record);
  }

  async refreshIdToken(): Promise<boolean> {
    return this.refreshIdTokens;
  }

  override async saveBearerToken(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes) {
    await super.saveBearerToken(token, request, lifetimes);
    if (token.refresh_token !== undefined && !this.refreshAuthTimes.has(token.refresh_token)) {
      this.refreshAuthTimes.set(token.refresh_token, request.authTime);
    }
  }

  override async rotateRefreshToken(
    old: string,
    token: BearerToken,
    request: OAuth2Request,
    lifetimes: TokenLifetimes,
  ): Promise<RotateResult> {
    const result = await super.rotateRefreshToken(old, token, request, lifetimes);
    if (result === 'ok') this.refreshAuthTimes.set(token.refresh_token ?? '', this.refreshAuthTimes.get(old) ?? null);
    return result;
  }

  override async validateRefreshToken(refreshToken: string, client: OAuth2Client): Promise<RefreshTokenLookup> {
    const lookup = await super.validateRefreshToken(refreshToken, client);
    if (lookup.status !== 'valid') return lookup;
    return { status: 'valid', record: { ...lookup.record, authTime: this.refreshAuthTimes.get(refreshToken) ?? null } };
  }
}
