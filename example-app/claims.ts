import type { User } from './models/user.js';

/** The scopes the example app offers: OAuth's read/write and OpenID Connect's. */
export const EXAMPLE_SCOPES: Readonly<Record<string, string>> = Object.freeze({
  read: 'Reading scope',
  write: 'Writing scope',
  openid: 'Sign you in (OpenID Connect)',
  profile: 'Your name and username',
  email: 'Your email address',
});

/**
 * The OpenID Connect claims of a user (the toolkit's `getUserClaims` hook). The toolkit releases each standard
 * claim only when its scope was granted (`profile`, `email`, OIDC Core §5.4); empty fields are left out.
 */
export function userClaims(user: unknown): Record<string, unknown> {
  const u = user as User;
  return {
    name: u.getFullName() || undefined,
    given_name: u.firstName || undefined,
    family_name: u.lastName || undefined,
    preferred_username: u.username,
    email: u.email || undefined,
  };
}
