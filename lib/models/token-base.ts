import type { OptionalProps } from '@mikro-orm/core';
import { scopesCover, splitScope } from '../oauth2/scopes.js';
import { isPast } from './expiry.js';
import { getAllScopes } from '../scopes.js';

// Model classes must not mention `this.constructor`: MikroORM 6 reads constructor parameter names from the class
// source text and would take the tokens after it for parameters, then drop those fields in `em.create()`.

/** Fields and methods shared by access tokens and ID tokens (DOT: `is_valid`, `is_expired`, `allow_scopes`). */
export abstract class ScopedExpiringToken {
  declare [OptionalProps]?: 'scope' | 'created' | 'updated' | 'scopes' | TokenOptionalProps;
  id!: number;
  expires!: Date;
  /** Space-separated granted scopes. */
  scope = '';
  created: Date = new Date();
  updated: Date = new Date();

  /** Return whether the token has expired (no expiry counts as expired). */
  isExpired(now?: Date): boolean {
    return isPast(this.expires, now);
  }

  /** Return whether every scope in `scopes` was granted (an empty or missing list is allowed). */
  allowScopes(scopes?: Iterable<string> | null): boolean {
    return !scopes || scopesCover(splitScope(this.scope), scopes);
  }

  /** Return whether the token is unexpired and carries `scopes`. */
  isValid(scopes?: Iterable<string> | null): boolean {
    return !this.isExpired() && this.allowScopes(scopes);
  }

  /** Return the granted scopes. */
  scopeList(): string[] {
    return [...splitScope(this.scope)];
  }

  /** Return `{ name: description }` for the granted scopes the scopes backend knows (unknown ones are dropped). */
  get scopes(): Record<string, string> {
    const all = getAllScopes();
    const out: Record<string, string> = {};
    for (const name of this.scopeList()) {
      const description = all[name];
      if (description !== undefined) out[name] = description;
    }
    return out;
  }
}

/** Optional fields of the token entities (defaults or nullable), for `em.create()` typing. */
export type TokenOptionalProps =
  | 'user'
  | 'sourceRefreshToken'
  | 'idToken'
  | 'application'
  | 'family'
  | 'revoked'
  | 'authTime'
  | 'acr'
  | 'claims'
  | 'jti';

/** The login facts kept on every member of a token family, for refresh and userinfo (OIDC Core §2, §12.2). */
export interface LoginFacts {
  /** When the user last authenticated (OIDC `auth_time`). */
  authTime: Date | null;
  /** The authentication context class reference of that login (OIDC `acr`). */
  acr: string;
  /** The requested `claims` parameter as JSON text ('' when none). */
  claims: string;
}
