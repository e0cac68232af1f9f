import type { OAuth2Client } from '../oauth2/records.js';
import { findResponseType } from '../oauth2/response-type.js';
import {
  GRANT_AUTHORIZATION_CODE,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_DEVICE_CODE,
  GRANT_IMPLICIT,
  GRANT_OPENID_HYBRID,
  GRANT_PASSWORD,
} from '../models/application.js';
import { getAvailableScopes } from '../scopes.js';
import { asApplication } from './session.js';

/** The application grant types that may use each `grant_type` (DOT's `GRANT_TYPE_MAPPING`). */
export const GRANT_TYPE_MAPPING: Readonly<Record<string, readonly string[]>> = {
  authorization_code: [GRANT_AUTHORIZATION_CODE, GRANT_OPENID_HYBRID],
  password: [GRANT_PASSWORD],
  client_credentials: [GRANT_CLIENT_CREDENTIALS],
  // Implicit applications cannot refresh: they never get a refresh token.
  refresh_token: [
    GRANT_AUTHORIZATION_CODE,
    GRANT_DEVICE_CODE,
    GRANT_PASSWORD,
    GRANT_CLIENT_CREDENTIALS,
    GRANT_OPENID_HYBRID,
  ],
  [GRANT_DEVICE_CODE]: [GRANT_DEVICE_CODE],
};

/** The application grant types that may use each `response_type` (DOT's `validate_response_type`). */
export const RESPONSE_TYPE_MAPPING: Readonly<Record<string, readonly string[]>> = {
  code: [GRANT_AUTHORIZATION_CODE],
  token: [GRANT_IMPLICIT],
  id_token: [GRANT_IMPLICIT],
  'id_token token': [GRANT_IMPLICIT],
  'code id_token': [GRANT_OPENID_HYBRID],
  'code token': [GRANT_OPENID_HYBRID],
  'code id_token token': [GRANT_OPENID_HYBRID],
};

/** Return whether the application may use `grantType` (RFC 6749 §5.2 `unauthorized_client` otherwise). */
export function allowsGrantType(client: OAuth2Client, grantType: string): boolean {
  const application = asApplication(client);
  const allowed = GRANT_TYPE_MAPPING[grantType];
  return application !== null && allowed !== undefined && application.allowsGrantType(...allowed);
}

/** Return whether the application may use `responseType` (its values in any order). */
export function allowsResponseType(client: OAuth2Client, responseType: string): boolean {
  const application = asApplication(client);
  const known = findResponseType(responseType, Object.keys(RESPONSE_TYPE_MAPPING));
  const allowed = known === null ? undefined : RESPONSE_TYPE_MAPPING[known];
  return application !== null && allowed !== undefined && application.allowsGrantType(...allowed);
}

/** Return whether every scope is configured and within the application's `allowedScopes` (RFC 6749 §3.3). */
export function allowsScopes(client: OAuth2Client, scopes: readonly string[]): boolean {
  const application = asApplication(client);
  if (application === null) return false;
  const available = new Set(getAvailableScopes(application));
  return scopes.every((scope) => available.has(scope));
}
