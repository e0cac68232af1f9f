import type { ServerOptions } from '../../oauth2/options.js';
import { oauth2Settings } from '../../settings/store.js';
import { endpointUrl } from '../../urls/paths.js';

/**
 * DOT's OpenID Connect route names and paths (`oidc_urlpatterns`), relative to the OAuth prefix. The discovery path
 * takes an optional trailing slash (DOT's `/?`, written `{/}` in @koa/router 15). Kept apart from the views so that
 * the server options below can be built without importing them.
 */
export const OIDC_ROUTES = {
  discovery: { name: 'oauth2_provider:oidc-connect-discovery-info', path: '/.well-known/openid-configuration{/}' },
  jwks: { name: 'oauth2_provider:jwks-info', path: '/.well-known/jwks.json' },
  userinfo: { name: 'oauth2_provider:user-info', path: '/userinfo/' },
  logout: { name: 'oauth2_provider:rp-initiated-logout', path: '/logout/' },
} as const;

/** Return whether RP-initiated logout is served: OIDC on and `oidcRpInitiatedLogoutEnabled`. */
export function rpInitiatedLogoutEnabled(): boolean {
  const s = oauth2Settings();
  return s.oidcEnabled && s.oidcRpInitiatedLogoutEnabled;
}

/**
 * Return the OpenID Connect part of the core's `ServerOptions` from the settings: the switch, the keys and lifetimes,
 * and the JWKS, UserInfo and end-session URLs built from `issuer` (never from a request's Host), each only when its
 * endpoint is served, so that the discovery and RFC 8414 documents list exactly what is enabled.
 * `serverOptionsFromSettings()` already includes them.
 *
 * @example
 * new OpenIDServer(new OAuth2Validator(), { ...myOAuthOptions, ...oidcServerOptions() });
 */
export function oidcServerOptions(): ServerOptions {
  const s = oauth2Settings();
  const on = s.oidcEnabled;
  return {
    oidcEnabled: on,
    oidcRsaPrivateKey: s.oidcRsaPrivateKey,
    oidcRsaPrivateKeysInactive: s.oidcRsaPrivateKeysInactive,
    oidcEcPrivateKey: s.oidcEcPrivateKey,
    oidcEcPrivateKeysInactive: s.oidcEcPrivateKeysInactive,
    idTokenExpireSeconds: s.idTokenExpireSeconds,
    oidcJwksMaxAgeSeconds: s.oidcJwksMaxAgeSeconds,
    jwksUri: on ? endpointUrl(s.issuer, OIDC_ROUTES.jwks.path) : null,
    userinfoEndpoint: on ? endpointUrl(s.issuer, OIDC_ROUTES.userinfo.path) : null,
    endSessionEndpoint: rpInitiatedLogoutEnabled() ? endpointUrl(s.issuer, OIDC_ROUTES.logout.path) : null,
  };
}
