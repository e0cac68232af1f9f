import type { Application } from '../models/application.js';
import type { OAuth2Request } from '../oauth2/request.js';

/**
 * What a management page asks for (a view's `getQueryset()`): the owner's objects, narrowed by `where` (equality on
 * the stored fields, e.g. `{ authorizationGrantType: 'authorization-code' }`; the owner cannot be widened), one page.
 */
export interface ManagementQuery {
  /** The logged-in user; only their objects are ever seen. */
  readonly owner: unknown;
  /** Extra equality conditions on the stored fields (strings, numbers, booleans or null only). */
  readonly where?: Readonly<Record<string, string | number | boolean | null>>;
  /** How many objects to skip (the page's start). */
  readonly offset: number;
  /** How many objects at most. */
  readonly limit: number;
}

/** One page of objects and how many there are in all. */
export interface ManagedPage<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/**
 * The fields of DOT's application form, camelCased; the owner is never among them. Strings as typed: the
 * validator splits the lists and validates them as `Application.clean()` does.
 */
export interface ApplicationFields {
  name: string;
  /** Empty: generate one (`clientIdGenerator`). */
  clientId: string;
  /** Empty: generate one, shown once. Ignored by an update (see `newApplicationSecret`). */
  clientSecret: string;
  hashClientSecret: boolean;
  clientType: string;
  authorizationGrantType: string;
  /** Space- or newline-separated. */
  redirectUris: string;
  postLogoutRedirectUris: string;
  allowedOrigins: string;
  algorithm: string;
}

/** Errors per form field, by DOT's field names (`redirect_uris`, `algorithm`, ...). */
export type FormErrors = Record<string, string[]>;

/** What saving an application gives: the application and a generated secret (shown once), or the field errors. */
export type ApplicationSaveResult =
  | { readonly ok: true; readonly application: Application; readonly clientSecret: string | null }
  | { readonly ok: false; readonly errors: FormErrors };

/** One scope of a grant, with its description (the `scopes` setting). */
export interface GrantScope {
  readonly name: string;
  readonly description: string;
}

/** A live grant of the owner (an access token, with its refresh token when it has one), as the pages show it. */
export interface AuthorizedGrant {
  /** The key the revocation page is reached by (the access token's id for `OAuth2Validator`). */
  readonly id: string;
  readonly applicationName: string;
  readonly clientId: string;
  readonly scopes: readonly GrantScope[];
  /** When the grant was issued. */
  readonly granted: Date;
  /** When the access token expires. */
  readonly expires: Date;
  /** Whether a usable refresh token keeps the grant alive after that. */
  readonly refreshable: boolean;
}

/**
 * The questions the management pages ask the validator (DOT's application and authorized-token views), every one
 * scoped to an owner: an object of someone else is not found. Implement them in a validator of your own storage to
 * keep the pages; an app with an admin builds its own pages on the same methods.
 */
export interface ManagementValidator {
  /** Return one page of the owner's applications, oldest first. */
  listUserApplications(query: ManagementQuery, request: OAuth2Request): Promise<ManagedPage<Application>>;
  /** Return the owner's application `id`, or null (unknown, malformed or someone else's). */
  getUserApplication(query: ManagementQuery, id: string, request: OAuth2Request): Promise<Application | null>;
  /** Validate and store a new application of the owner; a generated secret is returned once, stored hashed. */
  createUserApplication(
    owner: unknown,
    fields: ApplicationFields,
    request: OAuth2Request,
  ): Promise<ApplicationSaveResult>;
  /** Validate and store changes to the owner's application; null when it is not theirs. */
  updateUserApplication(
    query: ManagementQuery,
    id: string,
    fields: ApplicationFields,
    request: OAuth2Request,
  ): Promise<ApplicationSaveResult | null>;
  /** Delete the owner's application and revoke everything issued to it; false when it is not theirs. */
  deleteUserApplication(query: ManagementQuery, id: string, request: OAuth2Request): Promise<boolean>;
  /** Replace the application's secret at once and return the new one (shown once); null when it is not theirs. */
  newApplicationSecret(query: ManagementQuery, id: string, request: OAuth2Request): Promise<string | null>;
  /** Return one page of the owner's live grants, by application then newest first. */
  listUserGrants(query: ManagementQuery, request: OAuth2Request): Promise<ManagedPage<AuthorizedGrant>>;
  /** Return the owner's live grant `id`, or null. */
  getUserGrant(query: ManagementQuery, id: string, request: OAuth2Request): Promise<AuthorizedGrant | null>;
  /** Revoke the grant: its access token, refresh token and their family; false when it is not the owner's. */
  revokeUserGrant(query: ManagementQuery, id: string, request: OAuth2Request): Promise<boolean>;
}
