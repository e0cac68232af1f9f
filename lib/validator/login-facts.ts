import type { LoginFacts } from '../models/token-base.js';

/** The login facts as the core carries them, on a request or a code record (OIDC Core §2). */
export interface CoreLoginFacts {
  /** `auth_time` in seconds since the epoch. */
  readonly authTime: number | null;
  readonly acr?: string | null;
  /** The parsed `claims` request. */
  readonly claims?: unknown;
}

/** Return the login facts in their stored form, for a code or a token of a new family. */
export function storedLoginFacts(from: CoreLoginFacts): LoginFacts {
  return {
    authTime: from.authTime === null ? null : new Date(from.authTime * 1000),
    acr: from.acr ?? '',
    claims: from.claims === null || from.claims === undefined ? '' : JSON.stringify(from.claims),
  };
}

/** Copy the login facts of a token onto its successor. */
export function copyLoginFacts(from: LoginFacts): LoginFacts {
  return { authTime: from.authTime, acr: from.acr, claims: from.claims };
}
