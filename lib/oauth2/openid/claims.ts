import { InvalidRequestError } from '../errors.js';

/** The scope that releases each standard claim (OIDC Core §5.4; DOT `OAuth2Validator.oidc_claim_scope`). */
export const OIDC_CLAIM_SCOPE: Readonly<Record<string, string>> = Object.freeze({
  sub: 'openid',
  name: 'profile',
  family_name: 'profile',
  given_name: 'profile',
  middle_name: 'profile',
  nickname: 'profile',
  preferred_username: 'profile',
  profile: 'profile',
  picture: 'profile',
  website: 'profile',
  gender: 'profile',
  birthdate: 'profile',
  zoneinfo: 'profile',
  locale: 'profile',
  updated_at: 'profile',
  email: 'email',
  email_verified: 'email',
  address: 'address',
  phone_number: 'phone',
  phone_number_verified: 'phone',
});

/** Claims the core sets on an ID token itself; a user claim of the same name is never copied over them. */
export const ID_TOKEN_CLAIMS: readonly string[] = [
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'auth_time',
  'nonce',
  'acr',
  'amr',
  'azp',
  'at_hash',
  'c_hash',
  'sid',
];

/** One member of a `claims` request: null, or `{ essential?, value?, values? }` (OIDC Core §5.5.1). */
export type ClaimRequest = null | { essential?: boolean; value?: unknown; values?: unknown[] };

/** A parsed `claims` request parameter (OIDC Core §5.5). */
export interface ClaimsRequest {
  userinfo?: Record<string, ClaimRequest>;
  id_token?: Record<string, ClaimRequest>;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Parse the `claims` parameter (a JSON string, or the object a consent round trip kept) into a `ClaimsRequest`;
 * null stays null. Anything malformed is `invalid_request` (oauthlib's "Malformed claims parameter").
 */
export function parseClaimsRequest(raw: unknown): ClaimsRequest | null {
  if (raw === null || raw === undefined || raw === '') return null;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw malformed();
    }
  }
  if (!isObject(value)) throw malformed();
  const result: ClaimsRequest = {};
  for (const member of ['userinfo', 'id_token'] as const) {
    const claims = value[member];
    if (claims === undefined) continue;
    if (!isObject(claims)) throw malformed();
    for (const request of Object.values(claims)) {
      if (request !== null && !isObject(request)) throw malformed();
      if (isObject(request) && request.values !== undefined && !Array.isArray(request.values)) throw malformed();
    }
    result[member] = claims as Record<string, ClaimRequest>;
  }
  return result;
}

function malformed(): InvalidRequestError {
  return new InvalidRequestError('Malformed claims parameter.');
}

/** Return the names a `claims` request asks for in `member` (OIDC Core §5.5). */
export function requestedClaims(claims: unknown, member: 'userinfo' | 'id_token'): string[] {
  return isObject(claims) && isObject(claims[member]) ? Object.keys(claims[member]) : [];
}

/**
 * Keep the user claims that may be released under `scopes`: a standard claim only when its scope was granted
 * (the user consented per scope, so the `claims` parameter cannot widen that), any other claim as the
 * `getUserClaims` hook returned it; `sub` and the ID token's own claims are never taken from the hook.
 */
export function releasableClaims(
  claims: Readonly<Record<string, unknown>>,
  scopes: readonly string[],
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || ID_TOKEN_CLAIMS.includes(name)) continue;
    const scope = OIDC_CLAIM_SCOPE[name];
    if (scope !== undefined && !scopes.includes(scope)) continue;
    result[name] = value;
  }
  return result;
}

/**
 * Pick the user claims that go into an ID token (OIDC Core §5.4): the standard ones only when no access token
 * is issued (`response_type=id_token`) or when the `claims` request asks for them in `id_token`; the others
 * (the app's own claims) always.
 */
export function idTokenUserClaims(
  releasable: Readonly<Record<string, unknown>>,
  claimsRequest: unknown,
  accessTokenIssued: boolean,
): Record<string, unknown> {
  const asked = requestedClaims(claimsRequest, 'id_token');
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(releasable)) {
    const standard = name in OIDC_CLAIM_SCOPE;
    if (!standard || !accessTokenIssued || asked.includes(name)) result[name] = value;
  }
  return result;
}

/** Return every standard claim a scope in `scopes` releases (for discovery `claims_supported`). */
export function claimsForScopes(scopes: readonly string[]): string[] {
  return Object.entries(OIDC_CLAIM_SCOPE)
    .filter(([name, scope]) => name !== 'sub' && scopes.includes(scope))
    .map(([name]) => name);
}
