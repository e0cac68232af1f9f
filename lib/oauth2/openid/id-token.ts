import { randomUUID, type KeyObject } from 'node:crypto';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, SignJWT } from 'jose';
import { UnauthorizedClientError } from '../errors.js';
import type { ResolvedServerOptions } from '../options.js';
import type { OAuth2Request } from '../request.js';
import { idTokenUserClaims, releasableClaims, requestedClaims } from './claims.js';
import type { KeyStore } from './keys.js';
import type { IdTokenAlgorithm, IdTokenClaims, OpenIDRequestValidator } from './request-validator.js';
import { tokenHash } from './token-hash.js';

/** What the flow knows when it asks for an ID token. */
export interface IdTokenInput {
  /** The access token issued in the same response, for `at_hash`. */
  readonly accessToken?: string | null;
  /** The code issued in the same response (hybrid), for `c_hash`. */
  readonly code?: string | null;
  /** The authorization request's `nonce` (never on refresh). */
  readonly nonce?: string | null;
  /** When the user logged in (seconds since the epoch), for `auth_time`. */
  readonly authTime?: number | null;
  /** The login's authentication context class, for `acr` when the client asked for it. */
  readonly acr?: string | null;
  /** True when no access token is issued at all (`response_type=id_token`): scope claims go in the ID token. */
  readonly scopeClaimsInIdToken?: boolean;
}

/** How the ID tokens of one client are signed. */
interface Signer {
  readonly alg: IdTokenAlgorithm;
  readonly key: KeyObject | Uint8Array;
  readonly kid: string | null;
}

/**
 * Build, sign and store ID tokens (OIDC Core §2, §3.1.3.6), and check ID tokens the provider issued (an
 * `id_token_hint`). The client's algorithm decides the key: RS256/ES256 with the provider's active key (`kid` =
 * RFC 7638 thumbprint), HS256 with the client's secret.
 */
export class IdTokenIssuer {
  constructor(
    readonly validator: OpenIDRequestValidator,
    readonly options: ResolvedServerOptions,
    readonly keys: KeyStore,
  ) {}

  /**
   * Return how to sign for `request.client`; a client that cannot get ID tokens (no algorithm, HS256 without a
   * readable secret, no provider key for its algorithm) is `unauthorized_client`, never a 500.
   */
  async signerFor(request: OAuth2Request): Promise<Signer> {
    const client = request.client;
    const alg = client === null ? '' : await this.validator.getIdTokenAlgorithm(client, request);
    if (client === null || alg === '') {
      throw new UnauthorizedClientError('This client is not configured to receive ID tokens (no algorithm).');
    }
    if (alg === 'HS256') {
      const secret = await this.validator.getClientSigningSecret(client, request);
      if (!secret) throw new UnauthorizedClientError('This client cannot receive HS256 ID tokens.');
      return { alg, key: new TextEncoder().encode(secret), kid: null };
    }
    const key = await this.keys.signingKey(alg);
    if (key === null) throw new UnauthorizedClientError(`No ${alg} key is configured to sign this client's ID tokens.`);
    return { alg, key: key.privateKey, kid: key.kid };
  }

  /** Build the claims for the request's client and user, sign them, store the token, and return the JWS. */
  async create(request: OAuth2Request, input: IdTokenInput): Promise<string> {
    const signer = await this.signerFor(request);
    const now = Math.floor(this.options.now() / 1000);
    const scopes = request.scopes;
    const clientId = request.client?.clientId ?? '';
    const userClaims = releasableClaims(await this.validator.getUserClaims(request.user, scopes, request), scopes);
    const claims: IdTokenClaims = {
      ...idTokenUserClaims(userClaims, request.claims, !input.scopeClaimsInIdToken),
      iss: this.options.issuer ?? '',
      sub: await this.validator.getSubject(request.user, request),
      aud: clientId,
      exp: now + this.options.idTokenExpireSeconds,
      iat: now,
      jti: randomUUID(),
    };
    if (typeof input.authTime === 'number') claims.auth_time = input.authTime;
    if (input.nonce) claims.nonce = input.nonce;
    if (input.acr && requestedClaims(request.claims, 'id_token').includes('acr')) claims.acr = input.acr;
    if (input.accessToken) claims.at_hash = tokenHash(input.accessToken, signer.alg);
    if (input.code) claims.c_hash = tokenHash(input.code, signer.alg);
    const header =
      signer.kid === null ? { alg: signer.alg, typ: 'JWT' } : { alg: signer.alg, typ: 'JWT', kid: signer.kid };
    const token = await new SignJWT(claims).setProtectedHeader(header).sign(signer.key);
    const expiresAt = new Date(claims.exp * 1000);
    await this.validator.saveIdToken(
      { jti: claims.jti, clientId, user: request.user, scopes, expiresAt, token },
      request,
    );
    return token;
  }

  /**
   * Return the claims of an ID token this provider issued to `request.client` (signature, `iss` and `aud`
   * checked), or null. Expired tokens pass when `allowExpired` (OIDC Core §3.1.2.1: an `id_token_hint` may be
   * expired).
   */
  async verify(token: string, request: OAuth2Request, allowExpired = true): Promise<IdTokenClaims | null> {
    try {
      const { alg } = decodeProtectedHeader(token);
      const clientId = request.client?.clientId ?? null;
      let payload: Uint8Array;
      if (alg === 'HS256') {
        const secret =
          request.client === null ? null : await this.validator.getClientSigningSecret(request.client, request);
        if (!secret) return null;
        payload = (await compactVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] })).payload;
      } else {
        const jwks = createLocalJWKSet(await this.keys.jwks());
        payload = (await compactVerify(token, jwks, { algorithms: ['RS256', 'ES256'] })).payload;
      }
      const claims = JSON.parse(new TextDecoder().decode(payload)) as IdTokenClaims;
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (claims.iss !== this.options.issuer || clientId === null || !audiences.includes(clientId)) return null;
      if (!allowExpired && !(claims.exp * 1000 > this.options.now())) return null;
      return claims;
    } catch {
      // Malformed, unsigned by us, or signed with another key: not a token of ours.
      return null;
    }
  }
}
