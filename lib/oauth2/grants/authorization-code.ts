import {
  InvalidGrantError,
  InvalidRequestError,
  MismatchingRedirectUriError,
  UnsupportedGrantTypeError,
  type ResponseMode,
} from '../errors.js';
import { isPkceRequired } from '../options.js';
import { isValidPkceValue, verifyCodeVerifier } from '../pkce.js';
import type { AuthorizationCodeRecord, BearerToken } from '../records.js';
import type { OAuth2Request } from '../request.js';
import { redirectResponse, type OAuth2Response } from '../response.js';
import { addParamsToUri } from '../serialize.js';
import { authenticateRequestClient } from '../client-auth.js';
import { generate } from '../tokens.js';
import { AuthorizationGrant } from './authorization-base.js';
import { isBoundTo, type TokenGrant } from './base.js';

/**
 * The authorization code grant (RFC 6749 §4.1) with PKCE (RFC 7636): a code bound to its client, redirect URI
 * and challenge, redeemable once; a replay revokes what the code issued (RFC 9700 §4.2.4).
 */
export class AuthorizationCodeGrant extends AuthorizationGrant implements TokenGrant {
  readonly responseTypes: readonly string[] = ['code'];
  readonly defaultResponseMode: ResponseMode = 'query';

  /** RFC 7636 §4.4.1: require a challenge when PKCE is required; accept only the configured methods. */
  protected override async validateGrantSpecific(request: OAuth2Request): Promise<void> {
    if (request.codeChallenge === null) {
      if (isPkceRequired(this.options, request.clientId ?? '')) {
        throw new InvalidRequestError('Code challenge required.');
      }
      if (request.codeChallengeMethod !== null) throw new InvalidRequestError('Missing code_challenge parameter.');
      return;
    }
    // RFC 7636 §4.3: the method defaults to plain, which is accepted only when configured.
    const method = request.codeChallengeMethod ?? 'plain';
    if (!(this.options.pkceCodeChallengeMethods as readonly string[]).includes(method)) {
      throw new InvalidRequestError('Transform algorithm not supported.');
    }
    if (!isValidPkceValue(request.codeChallenge)) throw new InvalidRequestError('Invalid code_challenge parameter.');
    request.codeChallengeMethod = method;
  }

  /** Create the code, let modifiers extend the response, save it, and redirect (RFC 6749 §4.1.2). */
  protected async issue(request: OAuth2Request, iss: string | null): Promise<OAuth2Response> {
    let grant: Record<string, string> = { code: await generate(this.options.authorizationCodeGenerator, request) };
    if (request.state !== null) grant.state = request.state;
    for (const modifier of this.codeModifiers) grant = await modifier(grant, request);
    const code = grant.code ?? '';
    const record: AuthorizationCodeRecord = {
      code,
      clientId: request.clientId ?? '',
      redirectUri: request.redirectUri ?? '',
      redirectUriProvided: request.redirectUriProvided,
      scopes: request.scopes,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallenge === null ? null : request.codeChallengeMethod,
      user: request.user,
      nonce: request.nonce,
      claims: request.claims,
      authTime: request.authTime,
      acr: request.acr,
      expiresAt: new Date(this.options.now() + this.options.authorizationCodeExpireSeconds * 1000),
    };
    await this.validator.saveAuthorizationCode(record, request);
    const params = iss === null ? grant : { ...grant, iss };
    return redirectResponse(addParamsToUri(request.redirectUri ?? '', params, request.responseMode as ResponseMode));
  }

  /** Validate a code exchange in oauthlib's order (§11.4), then issue, save and consume (RFC 6749 §4.1.3). */
  async createTokenResponse(request: OAuth2Request): Promise<OAuth2Response> {
    await this.validateTokenRequest(request);
    const code = request.code ?? '';
    const token = await this.issueToken(request, { issue: this.issuesRefreshTokens });
    // oauthlib saves first and invalidates second, so that a loser of a race finds the winner's tokens to revoke.
    const consumed = await this.validator.consumeAuthorizationCode(request.clientId ?? '', code, request);
    if (consumed === 'replayed') {
      // The consumption is bound to the client: the winner was this client too, so this is its replay.
      await this.validator.revokeTokensIssuedByCode(code, request);
      throw new InvalidGrantError('Authorization code was already used.');
    }
    if (consumed === 'unknown') {
      // Gone since the lookup, or not this client's: withdraw only what this request saved, nothing of the code's.
      await this.withdraw(token, request);
      throw new InvalidGrantError('Invalid authorization code.');
    }
    return this.tokenResponse(token, request, true);
  }

  /** Revoke a token this request saved but will not hand out (the refresh token takes its access token along). */
  async withdraw(token: BearerToken, request: OAuth2Request): Promise<void> {
    const refresh = token.refresh_token;
    if (refresh === undefined) await this.validator.revokeToken(token.access_token, 'access_token', request);
    else await this.validator.revokeToken(refresh, 'refresh_token', request);
  }

  /** The token request checks, in oauthlib's order. */
  async validateTokenRequest(request: OAuth2Request): Promise<void> {
    if (request.grantType !== 'authorization_code') throw new UnsupportedGrantTypeError();
    await this.runHooks(this.customValidators.preToken, request);
    if (!request.code) throw new InvalidRequestError('Missing code parameter.');
    request.assertNoDuplicates();
    await authenticateRequestClient(request, this.validator);
    await this.validateGrantType(request, 'authorization_code');
    const record = await this.redeemableCode(request, request.code);
    this.validatePkce(request, record);
    this.confirmRedirectUri(request, record);
    await this.runHooks(this.customValidators.postToken, request);
  }

  /**
   * Look the code up: it must be the client's (checked first: another client's code changes nothing), then a replay
   * revokes what it issued (RFC 6749 §4.1.2), and the code must be live.
   */
  async redeemableCode(request: OAuth2Request, code: string): Promise<AuthorizationCodeRecord> {
    const client = request.client;
    const clientId = request.clientId ?? '';
    // authenticateRequestClient has set the client; the check only narrows the type.
    /* c8 ignore next */ if (client === null) throw new InvalidGrantError();
    const lookup = await this.validator.validateCode(clientId, code, client, request);
    if (!isBoundTo(lookup, clientId)) throw new InvalidGrantError('Invalid authorization code.');
    if (lookup.status === 'replayed') {
      await this.validator.revokeTokensIssuedByCode(code, request);
      throw new InvalidGrantError('Authorization code was already used.');
    }
    const record = lookup.record;
    if (record.expiresAt.getTime() <= this.options.now()) throw new InvalidGrantError('Authorization code expired.');
    request.user = record.user;
    request.scopes = record.scopes;
    request.nonce = record.nonce;
    request.claims = record.claims;
    request.authTime = record.authTime;
    request.acr = record.acr;
    request.codeChallenge = record.codeChallenge;
    request.codeChallengeMethod = record.codeChallengeMethod;
    return record;
  }

  /**
   * RFC 7636 §4.6 and RFC 9700 §4.8.2: a code issued with a challenge needs the matching verifier; a verifier for
   * a code issued without one is a downgrade and refused.
   */
  validatePkce(request: OAuth2Request, record: AuthorizationCodeRecord): void {
    const verifier = request.param('code_verifier');
    if (record.codeChallenge === null) {
      if (verifier !== null)
        throw new InvalidGrantError('code_verifier sent for a code issued without code_challenge.');
      if (isPkceRequired(this.options, record.clientId)) throw new InvalidRequestError('Code verifier required.');
      return;
    }
    if (verifier === null) throw new InvalidRequestError('Code verifier required.');
    const method = record.codeChallengeMethod ?? 'plain';
    if (!(this.options.pkceCodeChallengeMethods as readonly string[]).includes(method)) {
      throw new InvalidGrantError('Transform algorithm not supported.');
    }
    if (!isValidPkceValue(verifier) || !verifyCodeVerifier(verifier, record.codeChallenge, method)) {
      throw new InvalidGrantError('Code verifier does not match the challenge.');
    }
  }

  /**
   * RFC 6749 §4.1.3: `redirect_uri` is required and identical when the authorization request had it; otherwise the
   * grant does not match, `invalid_grant` (§5.2). The authorization endpoint's own mismatch stays a fatal
   * `invalid_request`.
   */
  confirmRedirectUri(request: OAuth2Request, record: AuthorizationCodeRecord): void {
    const sent = request.param('redirect_uri');
    if (sent === null ? record.redirectUriProvided : sent !== record.redirectUri) {
      throw new InvalidGrantError(MismatchingRedirectUriError.defaultDescription);
    }
    request.redirectUri = record.redirectUri;
  }
}
