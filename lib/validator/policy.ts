import type { OAuth2Client } from '../oauth2/records.js';
import type { OAuth2Request } from '../oauth2/request.js';
import { findResponseType } from '../oauth2/response-type.js';
import {
  GRANT_AUTHORIZATION_CODE,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_DEVICE_CODE,
  GRANT_IMPLICIT,
  GRANT_OPENID_HYBRID,
  GRANT_PASSWORD,
} from '../models/application.js';
import { getAvailableScopes, getDefaultScopes } from '../scopes.js';
import type { AbstractConstructor, ValidatorLayerBase } from './base.js';
import { asApplication, loadApplication, requestApplication, requestEm } from './session.js';

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

/**
 * What a client's registration allows, as `OAuth2Validator` answers it (`RequestValidator`'s questions); the policy
 * questions take the request last and optionally, as they need none.
 */
export interface ClientPolicyAnswers {
  validateRedirectUri(clientId: string, redirectUri: string, request: OAuth2Request): Promise<boolean>;
  getDefaultRedirectUri(clientId: string, request: OAuth2Request): Promise<string | null>;
  validateResponseType(
    clientId: string,
    responseType: string,
    client: OAuth2Client,
    request?: OAuth2Request,
  ): Promise<boolean>;
  validateScopes(
    clientId: string,
    scopes: readonly string[],
    client: OAuth2Client,
    request?: OAuth2Request,
  ): Promise<boolean>;
  getDefaultScopes(clientId: string, request: OAuth2Request): Promise<readonly string[]>;
  validateGrantType(
    clientId: string,
    grantType: string,
    client: OAuth2Client,
    request?: OAuth2Request,
  ): Promise<boolean>;
  isOriginAllowed(clientId: string, origin: string, request: OAuth2Request): Promise<boolean>;
}

/**
 * The validator layer that answers what an application's registration allows: its redirect URIs, response and
 * grant types (DOT's mappings), scopes and CORS origins.
 */
export function ClientPolicy<TBase extends ValidatorLayerBase>(Base: TBase) {
  abstract class ClientPolicyLayer extends Base implements ClientPolicyAnswers {
    /** Return whether `redirectUri` is registered for the client (exact match, any port for loopback IPs). */
    async validateRedirectUri(clientId: string, redirectUri: string, request: OAuth2Request): Promise<boolean> {
      const application = await requestApplication(requestEm(request), request, clientId);
      return application?.redirectUriAllowed(redirectUri) ?? false;
    }

    /** Return the client's only registered redirect URI, or null. */
    async getDefaultRedirectUri(clientId: string, request: OAuth2Request): Promise<string | null> {
      return (await requestApplication(requestEm(request), request, clientId))?.defaultRedirectUri ?? null;
    }

    /** Return whether the application's grant type allows `responseType`, its values in any order (DOT's mapping). */
    async validateResponseType(_clientId: string, responseType: string, client: OAuth2Client): Promise<boolean> {
      const application = asApplication(client);
      const known = findResponseType(responseType, Object.keys(RESPONSE_TYPE_MAPPING));
      const allowed = known === null ? undefined : RESPONSE_TYPE_MAPPING[known];
      return application !== null && allowed !== undefined && application.allowsGrantType(...allowed);
    }

    /** Return whether every scope is configured and within the application's `allowedScopes` (RFC 6749 §3.3). */
    async validateScopes(_clientId: string, scopes: readonly string[], client: OAuth2Client): Promise<boolean> {
      const application = asApplication(client);
      if (application === null) return false;
      const available = new Set(getAvailableScopes(application));
      return scopes.every((scope) => available.has(scope));
    }

    /** Return `defaultScopes` within what the application may be granted. */
    async getDefaultScopes(clientId: string, request: OAuth2Request): Promise<readonly string[]> {
      return getDefaultScopes(await requestApplication(requestEm(request), request, clientId));
    }

    /** Return whether the application may use `grantType` (DOT's `GRANT_TYPE_MAPPING`; else `unauthorized_client`). */
    async validateGrantType(_clientId: string, grantType: string, client: OAuth2Client): Promise<boolean> {
      const application = asApplication(client);
      const allowed = GRANT_TYPE_MAPPING[grantType];
      return application !== null && allowed !== undefined && application.allowsGrantType(...allowed);
    }

    /** Return whether the application allows CORS from `origin` (its `allowedOrigins` and `allowedSchemes`). */
    async isOriginAllowed(clientId: string, origin: string, request: OAuth2Request): Promise<boolean> {
      const application = await loadApplication(requestEm(request), clientId, request);
      return application?.originAllowed(origin) ?? false;
    }
  }
  return ClientPolicyLayer as TBase & AbstractConstructor<ClientPolicyAnswers>;
}
