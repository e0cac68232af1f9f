import { DEVICE_CODE_GRANT_TYPE } from '../device/records.js';
import type { ResolvedServerOptions } from '../options.js';
import { publicJsonResponse, type OAuth2Response } from '../response.js';
import type { AbstractConstructor, EndpointHost } from './base.js';

/** What the server actually serves, so the document lists exactly what is enabled. */
export interface EnabledFeatures {
  readonly responseTypes: readonly string[];
  readonly grantTypes: readonly string[];
  readonly revocation: boolean;
  readonly introspection: boolean;
}

/** The RFC 8414 §2 authorization server metadata document. */
export type AuthorizationServerMetadata = Record<string, string | boolean | readonly string[]>;

const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;

/** What the metadata endpoint reads from its server: what it serves. */
export interface MetadataEndpointHost extends EndpointHost {
  readonly features: EnabledFeatures;
}

/** What the metadata endpoint adds to its server. */
export interface MetadataEndpointMethods {
  metadata(): AuthorizationServerMetadata;
  createMetadataResponse(): OAuth2Response;
}

/** The metadata endpoint (RFC 8414 §3) as a layer of a server: a document built from the options and the enabled features. */
export function MetadataEndpointMixin<TBase extends AbstractConstructor<MetadataEndpointHost>>(Base: TBase) {
  abstract class MetadataEndpointLayer extends Base implements MetadataEndpointMethods {
    /** Build the document (RFC 8414 §2): only what is enabled, endpoints only when configured. */
    metadata(): AuthorizationServerMetadata {
      const o = this.options;
      const f = this.features;
      const doc: AuthorizationServerMetadata = {};
      const set = (name: string, value: string | boolean | readonly string[] | null): void => {
        if (value !== null) doc[name] = value;
      };
      set('issuer', o.issuer);
      if (f.responseTypes.length > 0) set('authorization_endpoint', o.authorizationEndpoint);
      if (f.grantTypes.some((g) => g !== 'implicit')) set('token_endpoint', o.tokenEndpoint);
      set('jwks_uri', o.jwksUri);
      if (o.scopes.length > 0) set('scopes_supported', o.scopes);
      set('response_types_supported', f.responseTypes);
      if (f.responseTypes.length > 0) {
        set('response_modes_supported', f.responseTypes.includes('code') ? ['query', 'fragment'] : ['fragment']);
      }
      set('grant_types_supported', f.grantTypes);
      // A public client authenticates with `none` wherever a client_id alone is accepted (RFC 8414 §2).
      set('token_endpoint_auth_methods_supported', [...CLIENT_AUTH_METHODS, 'none']);
      if (f.revocation) {
        set('revocation_endpoint', o.revocationEndpoint);
        set('revocation_endpoint_auth_methods_supported', [...CLIENT_AUTH_METHODS, 'none']);
      }
      if (f.introspection) {
        set('introspection_endpoint', o.introspectionEndpoint);
        set('introspection_endpoint_auth_methods_supported', [...CLIENT_AUTH_METHODS]);
      }
      if (f.responseTypes.includes('code')) set('code_challenge_methods_supported', o.pkceCodeChallengeMethods);
      if (f.grantTypes.includes(DEVICE_CODE_GRANT_TYPE)) {
        set('device_authorization_endpoint', o.deviceAuthorizationEndpoint);
      }
      set('authorization_response_iss_parameter_supported', o.authorizationResponseIss && o.issuer !== null);
      return doc;
    }

    /** Answer `GET /.well-known/oauth-authorization-server` (RFC 8414 §3.2); CORS is fine here (RFC 9700 §2.6). */
    createMetadataResponse(): OAuth2Response {
      return publicJsonResponse(this.metadata());
    }
  }
  return MetadataEndpointLayer as TBase & AbstractConstructor<MetadataEndpointMethods>;
}

/** The metadata endpoint on its own (oauthlib `MetadataEndpoint`); `Server` inherits the same methods. */
export class MetadataEndpoint extends MetadataEndpointMixin(
  class {
    constructor(
      readonly options: ResolvedServerOptions,
      readonly features: EnabledFeatures,
    ) {}
  },
) {}
