import { randomUUID } from 'node:crypto';
import type {
  AccessTokenRecord,
  AuthorizationCodeRecord,
  BearerToken,
  CodeLookup,
  ConsumeResult,
  IntrospectionClaims,
  OAuth2Client,
  OAuth2Request,
  RefreshTokenLookup,
  RequestValidator,
  RevokeResult,
  RotateResult,
  TokenLifetimes,
  TokenTypeHint,
} from '../../../lib/oauth2/index.js';
import { MemoryDevice } from './memory-device.js';

export type { MemoryClient } from './memory-clients.js';

interface AccessRow {
  clientId: string;
  scopes: readonly string[];
  user: unknown;
  expiresAt: Date;
  issuedAt: Date;
  revoked: boolean;
  refreshToken: string | null;
  code: string | null;
}

interface RefreshRow {
  clientId: string;
  scopes: readonly string[];
  user: unknown;
  expiresAt: Date | null;
  revoked: boolean;
  family: string;
  accessToken: string;
  code: string | null;
  successor: BearerToken | null;
  graceUntil: Date | null;
}

/** Yield to the event loop so that concurrent requests interleave between a read and a write. */
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The core's `RequestValidator` in memory, with the same atomic semantics a database implementation needs: each
 * check-and-set (`consumeAuthorizationCode`, `rotateRefreshToken`) runs without an `await` between the check and
 * the write, and yields before it, so concurrent requests really race. Lookups and writes are bound to the client as
 * the interface asks; the revocations trust their caller, so that the core specs show the core never calls them for
 * another client's code or token.
 */
export class MemoryValidator extends MemoryDevice implements RequestValidator {
  readonly codes = new Map<string, { record: AuthorizationCodeRecord; consumed: boolean }>();
  readonly accessTokens = new Map<string, AccessRow>();
  readonly refreshTokens = new Map<string, RefreshRow>();
  isIntrospectionAllowed?: (claims: IntrospectionClaims, request: OAuth2Request) => Promise<boolean>;

  async saveAuthorizationCode(record: AuthorizationCodeRecord): Promise<void> {
    this.codes.set(record.code, { record, consumed: false });
  }

  async validateCode(clientId: string, code: string): Promise<CodeLookup> {
    this.calls.push('validateCode');
    const row = this.codes.get(code);
    if (row === undefined || row.record.clientId !== clientId) return { status: 'invalid' };
    return row.consumed ? { status: 'replayed', clientId } : { status: 'valid', record: row.record };
  }

  async consumeAuthorizationCode(clientId: string, code: string): Promise<ConsumeResult> {
    await tick();
    const row = this.codes.get(code);
    if (row === undefined || row.record.clientId !== clientId) return 'unknown';
    if (row.consumed) return 'replayed';
    row.consumed = true;
    return 'ok';
  }

  async revokeTokensIssuedByCode(code: string): Promise<void> {
    this.calls.push('revokeTokensIssuedByCode');
    for (const row of this.accessTokens.values()) if (row.code === code) row.revoked = true;
    for (const row of this.refreshTokens.values()) if (row.code === code) this.revokeFamily(row.family);
  }

  async validateRefreshToken(refreshToken: string, client: OAuth2Client): Promise<RefreshTokenLookup> {
    const row = this.refreshTokens.get(refreshToken);
    if (row === undefined || row.clientId !== client.clientId) return { status: 'invalid' };
    if (row.revoked) return { status: 'replayed', clientId: row.clientId };
    return {
      status: 'valid',
      record: { clientId: row.clientId, scopes: row.scopes, user: row.user, expiresAt: row.expiresAt },
    };
  }

  async saveBearerToken(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes): Promise<void> {
    this.calls.push('saveBearerToken');
    await tick();
    const code = request.grantType === 'authorization_code' ? request.code : null;
    const existing = token.refresh_token === undefined ? undefined : this.refreshTokens.get(token.refresh_token);
    if (existing !== undefined) {
      // Rotation off: keep the refresh token, replace its access token.
      const old = this.accessTokens.get(existing.accessToken);
      if (old) old.revoked = true;
      existing.accessToken = token.access_token;
    } else if (token.refresh_token !== undefined) {
      this.refreshTokens.set(token.refresh_token, this.refreshRow(token, request, lifetimes, randomUUID(), code));
    }
    this.accessTokens.set(token.access_token, this.accessRow(token, request, lifetimes, code));
  }

  async rotateRefreshToken(old: string, token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes) {
    this.calls.push('rotateRefreshToken');
    await tick();
    const row = this.refreshTokens.get(old);
    if (row === undefined || row.revoked || row.clientId !== request.clientId) return 'replayed' as RotateResult;
    row.revoked = true;
    const previous = this.accessTokens.get(row.accessToken);
    if (previous) previous.revoked = true;
    if (lifetimes.graceUntil !== null) {
      row.successor = { ...token };
      row.graceUntil = lifetimes.graceUntil;
    }
    this.refreshTokens.set(token.refresh_token ?? '', this.refreshRow(token, request, lifetimes, row.family, row.code));
    this.accessTokens.set(token.access_token, this.accessRow(token, request, lifetimes, row.code));
    return 'ok' as RotateResult;
  }

  async getGracePeriodToken(old: string, request: OAuth2Request): Promise<BearerToken | null> {
    this.calls.push('getGracePeriodToken');
    const row = this.refreshTokens.get(old);
    if (!row?.successor || !row.graceUntil || row.graceUntil.getTime() <= this.now()) return null;
    const next = this.refreshTokens.get(row.successor.refresh_token ?? '');
    if (next === undefined || next.revoked || row.clientId !== request.client?.clientId) return null;
    return { ...row.successor };
  }

  async revokeRefreshTokenFamily(refreshToken: string): Promise<void> {
    this.calls.push('revokeRefreshTokenFamily');
    const row = this.refreshTokens.get(refreshToken);
    if (row !== undefined) this.revokeFamily(row.family);
  }

  async validateBearerToken(token: string, _scopes: readonly string[], request: OAuth2Request) {
    const row = this.accessTokens.get(token);
    if (row === undefined || row.revoked) return null;
    this.identify(request, row.clientId);
    const record: AccessTokenRecord = {
      clientId: row.clientId,
      scopes: row.scopes,
      user: row.user,
      expiresAt: row.expiresAt,
    };
    return record;
  }

  async revokeToken(token: string, hint: TokenTypeHint | null, request: OAuth2Request): Promise<RevokeResult> {
    this.calls.push(`revokeToken:${hint}`);
    const access = this.accessTokens.get(token);
    const refresh = this.refreshTokens.get(token);
    const row = hint === 'refresh_token' ? (refresh ?? access) : (access ?? refresh);
    if (row === undefined || row.revoked) return 'unknown';
    if (row.clientId !== request.client?.clientId) return 'other_client';
    row.revoked = true;
    if (row === refresh) this.revokeAccess(refresh.accessToken);
    else if (access?.refreshToken) this.revokeFamily(this.refreshTokens.get(access.refreshToken)?.family ?? '');
    return 'revoked';
  }

  async introspectToken(token: string): Promise<IntrospectionClaims | null> {
    const access = this.accessTokens.get(token);
    if (access !== undefined && !access.revoked && access.expiresAt.getTime() > this.now()) {
      return {
        scope: access.scopes.join(' '),
        client_id: access.clientId,
        username: (access.user as { username?: string } | null)?.username,
        token_type: 'Bearer',
        exp: Math.floor(access.expiresAt.getTime() / 1000),
        iat: Math.floor(access.issuedAt.getTime() / 1000),
      };
    }
    const refresh = this.refreshTokens.get(token);
    if (refresh === undefined || refresh.revoked) return null;
    return { scope: refresh.scopes.join(' '), client_id: refresh.clientId, token_type: 'refresh_token' };
  }

  /** Return whether a token is active (for assertions). */
  isActive(token: string): boolean {
    const row = this.accessTokens.get(token) ?? this.refreshTokens.get(token);
    return row !== undefined && !row.revoked;
  }

  private revokeAccess(token: string): void {
    const row = this.accessTokens.get(token);
    if (row) row.revoked = true;
  }

  private revokeFamily(family: string): void {
    for (const row of this.refreshTokens.values()) {
      if (row.family !== family) continue;
      row.revoked = true;
      this.revokeAccess(row.accessToken);
    }
  }

  private accessRow(token: BearerToken, request: OAuth2Request, lifetimes: TokenLifetimes, code: string | null) {
    const row: AccessRow = {
      clientId: request.clientId ?? '',
      scopes: token.scope.split(' ').filter(Boolean),
      user: request.user,
      expiresAt: lifetimes.accessTokenExpiresAt,
      issuedAt: new Date(this.now()),
      revoked: false,
      refreshToken: token.refresh_token ?? null,
      code,
    };
    return row;
  }

  private refreshRow(
    token: BearerToken,
    request: OAuth2Request,
    lifetimes: TokenLifetimes,
    family: string,
    code: string | null,
  ) {
    const row: RefreshRow = {
      clientId: request.clientId ?? '',
      scopes: request.refreshTokenRecord?.scopes ?? request.scopes,
      user: request.user,
      expiresAt: lifetimes.refreshTokenExpiresAt,
      revoked: false,
      family,
      accessToken: token.access_token,
      code,
      successor: null,
      graceUntil: null,
    };
    return row;
  }
}
