/**
 * DOT's route names and paths (`oauth2_provider/urls.py` `base_urlpatterns`), relative to the prefix the app mounts
 * them under. Kept apart from lib/urls.ts so that the OAuth core can build its endpoint URLs without importing views.
 */
export const OAUTH2_ROUTES = {
  authorize: { name: 'oauth2_provider:authorize', path: '/authorize/' },
  token: { name: 'oauth2_provider:token', path: '/token/' },
  revokeToken: { name: 'oauth2_provider:revoke-token', path: '/revoke_token/' },
  introspect: { name: 'oauth2_provider:introspect', path: '/introspect/' },
} as const;

/** The RFC 8414 §3 well-known suffix of the authorization server metadata. */
export const METADATA_WELL_KNOWN = '/.well-known/oauth-authorization-server';

/** Return the issuer without a trailing slash, the form endpoint URLs are built from. */
export function trimIssuer(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

/** Return the absolute URL of a route under the issuer, e.g. `https://host/o` + `/token/` (DOT reverses the same way). */
export function endpointUrl(issuer: string, path: string): string | null {
  return issuer ? `${trimIssuer(issuer)}${path}` : null;
}

/**
 * Return the path of the metadata document for an issuer (RFC 8414 §3.1): the well-known suffix inserted between
 * the host and the issuer's path, so `http://host/o` → `/.well-known/oauth-authorization-server/o`.
 */
export function metadataPath(issuer: string): string {
  const { pathname } = new URL(issuer);
  const path = pathname === '/' ? '' : pathname.replace(/\/+$/, '');
  return `${METADATA_WELL_KNOWN}${path}`;
}

/**
 * DOT's management pages (`management_urlpatterns`): an owner's applications and authorized tokens, relative to the
 * prefix the app mounts them under.
 */
export const MANAGEMENT_ROUTES = {
  list: { name: 'oauth2_provider:list', path: '/applications/' },
  register: { name: 'oauth2_provider:register', path: '/applications/register/' },
  detail: { name: 'oauth2_provider:detail', path: '/applications/:pk/' },
  delete: { name: 'oauth2_provider:delete', path: '/applications/:pk/delete/' },
  update: { name: 'oauth2_provider:update', path: '/applications/:pk/update/' },
  authorizedTokenList: { name: 'oauth2_provider:authorized-token-list', path: '/authorized_tokens/' },
  authorizedTokenDelete: { name: 'oauth2_provider:authorized-token-delete', path: '/authorized_tokens/:pk/delete/' },
} as const;
