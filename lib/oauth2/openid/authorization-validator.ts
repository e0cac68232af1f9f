import { ConsentRequiredError, InvalidRequestError, LoginRequiredError } from '../errors.js';
import type { GrantHook } from '../grants/base.js';
import type { OAuth2Request } from '../request.js';
import { hasResponseValue } from '../response-type.js';
import { parseClaimsRequest, type ClaimsRequest } from './claims.js';
import { RegistrationNotSupportedError, RequestNotSupportedError, RequestUriNotSupportedError } from './errors.js';
import type { IdTokenIssuer } from './id-token.js';

/** The `prompt` values the provider understands (OIDC Core §3.1.2.1); discovery lists them. */
export const PROMPT_VALUES: readonly string[] = ['none', 'login', 'consent', 'select_account'];

/** Return whether the request asks for OpenID Connect (`openid` in scope, OIDC Core §3.1.2.1). */
export function isOpenIDRequest(request: { readonly scopes: readonly string[] }): boolean {
  return request.scopes.includes('openid');
}

/**
 * Return whether the user must log in again before this request is answered: `prompt=login`, or a `max_age`
 * older than the login (OIDC Core §3.1.2.1). The view owns the redirect to the login page.
 *
 * @example
 * if (needsFreshLogin(credentials, authTimeSeconds, Date.now())) return redirectToLogin();
 */
export function needsFreshLogin(
  request: { readonly prompt: readonly string[]; readonly maxAge: number | null },
  authTime: number | null,
  nowMs: number,
): boolean {
  if (request.prompt.includes('login')) return true;
  if (request.maxAge === null) return false;
  return authTime === null || Math.floor(nowMs / 1000) - authTime > request.maxAge;
}

/**
 * oauthlib's `openid_authorization_validator` as a `postAuth` hook: for an `openid` request check the client can
 * get ID tokens, `nonce`, `prompt` (none is exclusive and silent), `max_age`, `claims` and `id_token_hint`, and
 * return what the consent round trip must keep. Without `openid` it returns nothing, except that response types
 * carrying an ID token are refused.
 */
export function openIDAuthorizationValidator(issuer: IdTokenIssuer, now: () => number): GrantHook {
  return async (request: OAuth2Request) => {
    const responseType = request.responseType ?? '';
    if (!isOpenIDRequest(request)) {
      if (hasResponseValue(responseType, 'id_token')) {
        throw new InvalidRequestError(`response_type ${responseType} requires the openid scope.`);
      }
      return {};
    }
    await issuer.signerFor(request);
    refuseUnsupported(request);
    // A response type that returns an ID token from the authorization endpoint needs a nonce (§3.2.2.1, §3.3.2.11).
    if (hasResponseValue(responseType, 'id_token') && !request.nonce) {
      throw new InvalidRequestError('Request is missing mandatory nonce parameter.');
    }
    const maxAge = request.param('max_age');
    if (maxAge !== null && request.maxAge === null) {
      throw new InvalidRequestError('max_age must be a non-negative integer.');
    }
    validatePrompt(request.prompt);
    const claims = withAcrValues(parseClaimsRequest(request.claims ?? request.param('claims')), request);
    request.claims = claims;
    if (request.prompt.includes('none')) await checkSilent(issuer, request, now);
    await checkUserMatch(issuer, request);
    return {
      nonce: request.nonce,
      prompt: request.prompt,
      maxAge: request.maxAge,
      claims,
      idTokenHint: request.idTokenHint,
      loginHint: request.param('login_hint'),
      display: request.param('display'),
      uiLocales: (request.param('ui_locales') ?? '').split(' ').filter(Boolean),
    };
  };
}

/** Discovery says `request_parameter_supported`/`request_uri_parameter_supported` false: refuse them (§6.1, §6.2). */
function refuseUnsupported(request: OAuth2Request): void {
  if (request.param('request') !== null) throw new RequestNotSupportedError('The request parameter is not supported.');
  if (request.param('request_uri') !== null) {
    throw new RequestUriNotSupportedError('The request_uri parameter is not supported.');
  }
  if (request.param('registration') !== null) {
    throw new RegistrationNotSupportedError('The registration parameter is not supported.');
  }
}

/** `none` with any other value is `invalid_request` (OIDC Core §3.1.2.1); unknown values are refused too. */
function validatePrompt(prompt: readonly string[]): void {
  if (prompt.includes('none') && prompt.length > 1) {
    throw new InvalidRequestError('Prompt none is mutually exclusive with other values.');
  }
  const unknown = prompt.find((value) => !PROMPT_VALUES.includes(value));
  if (unknown !== undefined) throw new InvalidRequestError(`Unsupported prompt value ${unknown}.`);
}

/** `acr_values` asks for `acr` as a voluntary claim (OIDC Core §3.1.2.1): keep it in the claims request. */
function withAcrValues(claims: ClaimsRequest | null, request: OAuth2Request): ClaimsRequest | null {
  const values = (request.param('acr_values') ?? '').split(' ').filter(Boolean);
  if (values.length === 0 || claims?.id_token?.acr !== undefined) return claims;
  return { ...claims, id_token: { ...claims?.id_token, acr: { values } } };
}

/** `prompt=none`: no UI, so a login or consent that would be needed is an error (OIDC Core §3.1.2.6). */
async function checkSilent(issuer: IdTokenIssuer, request: OAuth2Request, now: () => number): Promise<void> {
  const validator = issuer.validator;
  const stale =
    request.maxAge !== null && request.authTime !== null && needsFreshLogin(request, request.authTime, now());
  if (stale || !(await validator.validateSilentLogin(request))) {
    throw new LoginRequiredError('The user must log in.');
  }
  if (!(await validator.validateSilentAuthorization(request))) {
    throw new ConsentRequiredError('The user must consent.');
  }
}

/** `id_token_hint` must be an ID token of ours for this client, naming the logged-in user (OIDC Core §3.1.2.1). */
async function checkUserMatch(issuer: IdTokenIssuer, request: OAuth2Request): Promise<void> {
  const hint = request.idTokenHint;
  if (hint !== null && (await issuer.verify(hint, request)) === null) {
    throw new InvalidRequestError('Invalid id_token_hint.');
  }
  if (!(await issuer.validator.validateUserMatch(hint, request.scopes, request.claims, request))) {
    throw new LoginRequiredError('Session user does not match client supplied user.');
  }
}
