import {
  InvalidClientIdError,
  InvalidRedirectUriError,
  InvalidRequestError,
  InvalidRequestFatalError,
  MismatchingRedirectUriError,
  MissingClientIdError,
  MissingRedirectUriError,
  OAuth2Error,
  UnauthorizedClientError,
  UnsupportedResponseTypeError,
  type ResponseMode,
} from '../errors.js';
import { isAbsoluteUriWithoutFragment } from '../redirect-uri.js';
import type { OAuth2Request } from '../request.js';
import { findResponseType, hasResponseValue } from '../response-type.js';
import type { OAuth2Response } from '../response.js';
import { GrantTypeBase } from './base.js';

/**
 * What a validated authorization request carries to the consent step and back (oauthlib's `credentials`): the
 * view may round-trip it through hidden form fields and hands it to `createAuthorizationResponse`.
 */
export interface AuthorizationCredentials {
  clientId: string;
  redirectUri: string;
  redirectUriProvided: boolean;
  responseType: string;
  responseMode: ResponseMode;
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  nonce: string | null;
  claims: unknown;
  prompt: readonly string[];
  maxAge: number | null;
  idTokenHint: string | null;
  /** The resource owner; set by the view before `createAuthorizationResponse`. */
  user?: unknown;
  /** When the user logged in (OIDC `auth_time`), set by the view. */
  authTime?: number | null;
  /** The login's `acr`, set by the view. */
  acr?: string | null;
  /** Whatever `preAuth`/`postAuth` hooks returned (OIDC request info). */
  [extra: string]: unknown;
}

/** Response types that return a token from the authorization endpoint; their errors travel in the fragment. */
export function returnsToken(responseType: string | null): boolean {
  return hasResponseValue(responseType, 'token') || hasResponseValue(responseType, 'id_token');
}

/** Base of the grants served at the authorization endpoint (code, implicit), with oauthlib's validation order. */
export abstract class AuthorizationGrant extends GrantTypeBase {
  /** The `response_type` values this grant answers. */
  abstract readonly responseTypes: readonly string[];
  /** `query` for code, `fragment` for response types that return tokens. */
  abstract readonly defaultResponseMode: ResponseMode;

  /** Issue the code or token and build the redirect, after validation succeeded. */
  protected abstract issue(request: OAuth2Request, iss: string | null): Promise<OAuth2Response>;

  /** Validate what only this grant checks (PKCE for the code grant), after the response type. */
  protected async validateGrantSpecific(_request: OAuth2Request): Promise<void> {}

  /**
   * Validate an authorization request in oauthlib's order (§11.4): duplicates, client_id, redirect URI (all fatal,
   * never redirected), then pre_auth hooks, response type, client's right to it, grant specifics, scopes and
   * post_auth hooks (these errors carry the redirect URI, `state` and response mode).
   */
  async validateAuthorizationRequest(request: OAuth2Request): Promise<AuthorizationCredentials> {
    const clientId = await this.validateClientAndRedirect(request);
    // The values' order carries no meaning: from here on the response type is spelled as this grant spells it.
    request.responseType = findResponseType(request.responseType, this.responseTypes) ?? request.responseType;
    const mode = this.errorResponseMode(request);
    try {
      const info = await this.runHooks(this.customValidators.preAuth, request);
      await this.validateResponseType(request, clientId);
      request.responseMode = this.validateResponseMode(request);
      await this.validateGrantSpecific(request);
      await this.validateScopes(request);
      Object.assign(info, await this.runHooks(this.customValidators.postAuth, request));
      return { ...info, ...this.credentials(request, clientId) };
    } catch (error) {
      if (error instanceof OAuth2Error && error.allowRedirect) {
        error.redirectUri = request.redirectUri;
        error.state = request.state;
        error.responseMode = mode;
      }
      throw error;
    }
  }

  /**
   * The fatal checks, in oauthlib's order: duplicates (RFC 6749 §3.1), client_id, redirect URI. Until they pass
   * nothing may be redirected (RFC 9700 §4.11). Returns the client id.
   */
  async validateClientAndRedirect(request: OAuth2Request): Promise<string> {
    request.assertNoDuplicates(undefined, InvalidRequestFatalError);
    const clientId = request.clientId;
    if (!clientId) throw new MissingClientIdError();
    if (!(await this.validator.validateClientId(clientId, request))) throw new InvalidClientIdError();
    await this.handleRedirects(request, clientId);
    return clientId;
  }

  /** Re-validate (the consent round trip may have changed anything), then issue and redirect (RFC 6749 §4.1.2). */
  async createAuthorizationResponse(request: OAuth2Request, iss: string | null): Promise<OAuth2Response> {
    await this.validateAuthorizationRequest(request);
    return this.issue(request, iss);
  }

  /** Explicit redirect URI: absolute and registered; missing: the client's only one (oauthlib `_handle_redirects`). */
  async handleRedirects(request: OAuth2Request, clientId: string): Promise<void> {
    if (request.redirectUri !== null && request.redirectUriProvided) {
      if (!isAbsoluteUriWithoutFragment(request.redirectUri)) throw new InvalidRedirectUriError();
      if (!(await this.validator.validateRedirectUri(clientId, request.redirectUri, request))) {
        throw new MismatchingRedirectUriError();
      }
      return;
    }
    const fallback = await this.validator.getDefaultRedirectUri(clientId, request);
    if (!fallback) throw new MissingRedirectUriError();
    request.redirectUri = fallback;
    request.redirectUriProvided = false;
  }

  /**
   * The mode an error is redirected with: the fragment for response types that return tokens (RFC 6749 §4.2.2.1)
   * or when asked for, the query for the others, and the grant's default when `response_type` is missing.
   */
  errorResponseMode(request: OAuth2Request): ResponseMode {
    if (request.responseMode === 'fragment' || returnsToken(request.responseType)) return 'fragment';
    return request.responseType === null ? this.defaultResponseMode : 'query';
  }

  /** RFC 6749 §3.1.1: missing → `invalid_request`; not ours → `unsupported_response_type`; not the client's → `unauthorized_client`. */
  async validateResponseType(request: OAuth2Request, clientId: string): Promise<void> {
    const responseType = request.responseType;
    if (!responseType) throw new InvalidRequestError('Missing response_type parameter.');
    if (!this.responseTypes.includes(responseType)) throw new UnsupportedResponseTypeError();
    const client = request.client;
    if (client === null || !(await this.validator.validateResponseType(clientId, responseType, client, request))) {
      throw new UnauthorizedClientError(`Client is not authorized to use response_type ${responseType}.`);
    }
  }

  /**
   * Accept `response_mode` `query` or `fragment` (OAuth 2.0 Multiple Response Type Encoding Practices §2);
   * response types that return tokens must not use the query (§3.0 there, RFC 9700 §4.3.2).
   */
  validateResponseMode(request: OAuth2Request): ResponseMode {
    const mode = request.responseMode;
    if (mode === null) return this.defaultResponseMode;
    if (mode !== 'query' && mode !== 'fragment') throw new InvalidRequestError('Unsupported response_mode.');
    if (mode === 'query' && this.defaultResponseMode === 'fragment') {
      throw new InvalidRequestError('response_mode query is not allowed for this response_type.');
    }
    return mode;
  }

  /** Collect the validated request as credentials for the consent step. */
  credentials(request: OAuth2Request, clientId: string): AuthorizationCredentials {
    return {
      clientId,
      redirectUri: request.redirectUri ?? '',
      redirectUriProvided: request.redirectUriProvided,
      responseType: request.responseType ?? '',
      responseMode: request.responseMode === 'fragment' ? 'fragment' : 'query',
      state: request.state,
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
      nonce: request.nonce,
      claims: request.claims,
      prompt: request.prompt,
      maxAge: request.maxAge,
      idTokenHint: request.idTokenHint,
    };
  }
} // c8 maps esbuild's trailing `export { ... }` onto this brace; no code runs on this line.
