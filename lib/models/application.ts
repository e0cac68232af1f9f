import type { OptionalProps } from '@mikro-orm/core';
import { oauth2Settings } from '../settings/store.js';
import { cleanApplication } from './application-clean.js';
import { isOriginAllowed, redirectToUriAllowed } from './redirect-uri.js';
import { splitWhitespace } from './whitespace-list.js';
import { GRANT_AUTHORIZATION_CODE, type GrantType } from '../grant-types.js';

export {
  GRANT_AUTHORIZATION_CODE,
  GRANT_CLIENT_CREDENTIALS,
  GRANT_DEVICE_CODE,
  GRANT_IMPLICIT,
  GRANT_OPENID_HYBRID,
  GRANT_PASSWORD,
  GRANT_TYPES,
} from '../grant-types.js';
export type { GrantType } from '../grant-types.js';

/** Client types (RFC 6749 §2.1). */
export const CLIENT_CONFIDENTIAL = 'confidential';
/** A client that cannot keep a secret (RFC 6749 §2.1). */
export const CLIENT_PUBLIC = 'public';
/** No OIDC support. */
export const NO_ALGORITHM = '';
/** ID tokens signed with the configured RSA key. */
export const RS256_ALGORITHM = 'RS256';
/** ID tokens signed with the client secret (needs `hashClientSecret: false`). */
export const HS256_ALGORITHM = 'HS256';
/** ID tokens signed with an EC P-256 key. */
export const ES256_ALGORITHM = 'ES256';

/** Every client type. */
export const CLIENT_TYPES = [CLIENT_CONFIDENTIAL, CLIENT_PUBLIC] as const;
/** Every ID token signing algorithm an application can have. */
export const ALGORITHMS = [NO_ALGORITHM, RS256_ALGORITHM, HS256_ALGORITHM, ES256_ALGORITHM] as const;

/** A client type. */
export type ClientType = (typeof CLIENT_TYPES)[number];
/** An ID token signing algorithm ('' for none). */
export type Algorithm = (typeof ALGORITHMS)[number];

/** A client application (DOT's `AbstractApplication`); extend it to add fields, then name it in `oauth2Entities()`. */
export class Application {
  declare [OptionalProps]?:
    | 'user'
    | 'redirectUris'
    | 'postLogoutRedirectUris'
    | 'clientType'
    | 'authorizationGrantType'
    | 'clientSecret'
    | 'hashClientSecret'
    | 'name'
    | 'skipAuthorization'
    | 'created'
    | 'updated'
    | 'algorithm'
    | 'allowedOrigins'
    | 'allowedScopes'
    | 'defaultRedirectUri';
  id!: number;
  clientId!: string;
  /** The developer who owns the application (the app's user entity), if any. */
  user?: object | null = null;
  /** Space-separated registered redirect URIs, matched exactly. */
  redirectUris = '';
  /** Space-separated registered post-logout redirect URIs (OIDC RP-Initiated Logout). */
  postLogoutRedirectUris = '';
  clientType: ClientType = CLIENT_CONFIDENTIAL;
  authorizationGrantType: GrantType = GRANT_AUTHORIZATION_CODE;
  /** The secret's hash (see lib/secrets), or the secret itself when `hashClientSecret` is false. */
  clientSecret = '';
  hashClientSecret = true;
  name = '';
  skipAuthorization = false;
  created: Date = new Date();
  updated: Date = new Date();
  algorithm: Algorithm = NO_ALGORITHM;
  /** CORS origins allowed at the token endpoint, normalized to `scheme://host[:port]`. */
  allowedOrigins: string[] = [];
  /** Scopes this application may be granted; empty means every scope (DOT #216). */
  allowedScopes: string[] = [];

  /** Return the name, or the client id when there is none. */
  toString(): string {
    return this.name || this.clientId;
  }

  /** Return the registered redirect URIs. */
  redirectUriList(): string[] {
    return splitWhitespace(this.redirectUris);
  }

  /** Return the registered post-logout redirect URIs. */
  postLogoutRedirectUriList(): string[] {
    return splitWhitespace(this.postLogoutRedirectUris);
  }

  /**
   * Return the only registered redirect URI, or null when there are none or several
   * (the caller answers `invalid_request` "Missing redirect URI", RFC 6749 §3.1.2.3).
   */
  get defaultRedirectUri(): string | null {
    const uris = this.redirectUriList();
    return uris.length === 1 ? (uris[0] ?? null) : null;
  }

  /** Return whether `uri` matches a registered redirect URI exactly (any port for loopback IPs, RFC 8252 §7.3). */
  redirectUriAllowed(uri: string): boolean {
    return redirectToUriAllowed(uri, this.redirectUriList());
  }

  /** Return whether `uri` matches a registered post-logout redirect URI, by the same rule. */
  postLogoutRedirectUriAllowed(uri: string): boolean {
    return redirectToUriAllowed(uri, this.postLogoutRedirectUriList());
  }

  /** Return whether a CORS `Origin` is one of this application's allowed origins. */
  originAllowed(origin: string): boolean {
    return (
      this.allowedOrigins.length > 0 && isOriginAllowed(origin, this.allowedOrigins, oauth2Settings().allowedSchemes)
    );
  }

  /** Return whether the application's grant type is one of `grantTypes`. */
  allowsGrantType(...grantTypes: string[]): boolean {
    return grantTypes.includes(this.authorizationGrantType);
  }

  /** Return whether every scope may be granted to this application (empty `allowedScopes` allows all). */
  allowsScopes(scopes: Iterable<string>): boolean {
    if (this.allowedScopes.length === 0) return true;
    const allowed = new Set(this.allowedScopes);
    for (const s of scopes) if (!allowed.has(s)) return false;
    return true;
  }

  /** Return the schemes allowed in this application's redirect URIs; override per application. */
  getAllowedSchemes(): readonly string[] {
    return oauth2Settings().allowedRedirectUriSchemes;
  }

  /** Return whether the application may be used at all (a hook: false hides it from every flow). */
  isUsable(_ctx?: unknown): boolean {
    return true;
  }

  /**
   * Validate the fields (DOT's `clean()`), reporting every field's errors at once.
   * Normalizes `allowedOrigins` to their origin form so that the CORS lookup is one exact, indexed match.
   * @throws ModelValidationError
   */
  clean(): void {
    cleanApplication(this, oauth2Settings());
  }
}
