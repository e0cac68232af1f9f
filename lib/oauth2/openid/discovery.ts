import type { AuthorizationServerMetadata } from '../endpoints/metadata.js';
import type { ResolvedServerOptions } from '../options.js';
import { PROMPT_VALUES } from './authorization-validator.js';
import { claimsForScopes } from './claims.js';
import type { AsymmetricAlgorithm } from './keys.js';

/** Claims the provider puts in ID tokens itself, listed first in `claims_supported`. */
const REGISTERED_CLAIMS = ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'at_hash', 'c_hash'];

/** The fields of the RFC 8414 document that OIDC Discovery reuses, in the order they are listed. */
const FROM_METADATA = [
  'authorization_endpoint',
  'token_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
  'end_session_endpoint',
  'scopes_supported',
  'response_types_supported',
  'response_modes_supported',
  'grant_types_supported',
  'subject_types_supported',
  'id_token_signing_alg_values_supported',
  'token_endpoint_auth_methods_supported',
  'code_challenge_methods_supported',
  'claims_supported',
  'claims_parameter_supported',
  'request_parameter_supported',
  'request_uri_parameter_supported',
  'prompt_values_supported',
  'authorization_response_iss_parameter_supported',
  'revocation_endpoint',
  'revocation_endpoint_auth_methods_supported',
  'introspection_endpoint',
  'introspection_endpoint_auth_methods_supported',
  'device_authorization_endpoint',
] as const;

/**
 * Build the OpenID Provider metadata (OIDC Discovery 1.0 §3) from the RFC 8414 document of the same server:
 * every URL from the configured options (never from a request's Host), the response types exactly as enabled,
 * `openid` among the scopes, RS256 among the algorithms (required by §3), and `request_uri_parameter_supported`
 * false, since its default is true and the provider serves no request objects.
 *
 * @example
 * const doc = openIDConfiguration(server.metadata(), server.options, keys.algorithms);
 */
export function openIDConfiguration(
  metadata: AuthorizationServerMetadata,
  options: ResolvedServerOptions,
  keyAlgorithms: readonly AsymmetricAlgorithm[],
): AuthorizationServerMetadata {
  const scopes = options.scopes.includes('openid') ? options.scopes : [...options.scopes, 'openid'];
  const algorithms = ['RS256', ...(keyAlgorithms.includes('ES256') ? ['ES256'] : []), 'HS256'];
  const oidc: AuthorizationServerMetadata = {
    ...metadata,
    scopes_supported: scopes,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: algorithms,
    claims_supported: [...REGISTERED_CLAIMS, ...claimsForScopes(scopes)],
    claims_parameter_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    prompt_values_supported: PROMPT_VALUES,
  };
  if (options.userinfoEndpoint !== null) oidc.userinfo_endpoint = options.userinfoEndpoint;
  if (options.endSessionEndpoint !== null) oidc.end_session_endpoint = options.endSessionEndpoint;
  const doc: AuthorizationServerMetadata = {};
  if (metadata.issuer !== undefined) doc.issuer = metadata.issuer;
  for (const name of FROM_METADATA) {
    const value = oidc[name];
    if (value !== undefined) doc[name] = value;
  }
  return doc;
}
