/**
 * DOT's grant type names, one per application. A module without imports, so that the settings table can offer
 * them without an import cycle through the models.
 */
export const GRANT_AUTHORIZATION_CODE = 'authorization-code';
/** RFC 8628 device grant. */
export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
/** Implicit grant (off unless listed in `responseTypesSupported`). */
export const GRANT_IMPLICIT = 'implicit';
/** Resource owner password grant (off unless listed in `grantTypesSupported`). */
export const GRANT_PASSWORD = 'password';
/** Client credentials grant. */
export const GRANT_CLIENT_CREDENTIALS = 'client-credentials';
/** OIDC hybrid flow. */
export const GRANT_OPENID_HYBRID = 'openid-hybrid';
/** Every grant type an application can have. */
export const GRANT_TYPES = [
  GRANT_AUTHORIZATION_CODE,
  GRANT_DEVICE_CODE,
  GRANT_IMPLICIT,
  GRANT_PASSWORD,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_OPENID_HYBRID,
] as const;
/** A grant type. */
export type GrantType = (typeof GRANT_TYPES)[number];
