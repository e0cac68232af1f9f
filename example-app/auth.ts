import type { EntityManager } from '@mikro-orm/core';
import type { Context, Middleware } from 'koa';
import { rotateCsrfToken } from '../lib/index.js';
import { dummyPasswordHash, verifyPassword } from './models/password.js';
import { User } from './models/user.js';
import { endLogin, readLogin, startLogin } from './session.js';

/** Return the request's EntityManager, which the app puts on `ctx.state.em` (the toolkit's first place to look). */
export function requestEm(ctx: Context): EntityManager {
  return ctx.state['em'] as EntityManager;
}

/**
 * Return the active user whose password matches, else `null`. A missing user costs the same scrypt work as a
 * wrong password, and an inactive user fails like a wrong password, so neither reveals which usernames exist.
 */
export async function authenticate(em: EntityManager, username: string, password: string): Promise<User | null> {
  const user = username ? await em.findOne(User, { username }) : null;
  if (!user) {
    await verifyPassword(password, await dummyPasswordHash());
    return null;
  }
  const valid = await user.checkPassword(password);
  return valid && user.isActive ? user : null;
}

/**
 * Log `user` in: `lastLogin` recorded, then a fresh session under a new key with the login time, and a new CSRF
 * secret, so that neither a session id nor a CSRF token known before the login is any use after it.
 */
export async function login(ctx: Context, em: EntityManager, user: User): Promise<void> {
  const now = new Date();
  user.lastLogin = now;
  await em.flush();
  await startLogin(ctx, { userId: user.id, authTime: Math.floor(now.getTime() / 1000) });
  rotateCsrfToken(ctx);
}

/** Log out: end the session, on the server too. Also the toolkit's `logoutUser` hook (RP-initiated logout). */
export function logout(ctx: Context): void {
  endLogin(ctx);
  delete (ctx.state as { user?: User }).user;
}

/** Return the login time kept in the session (the toolkit's `getAuthTime` hook, OIDC `auth_time`). */
export function sessionAuthTime(ctx: Context): Date | null {
  const login = readLogin(ctx);
  return login ? new Date(login.authTime * 1000) : null;
}

/**
 * Put the logged-in user on `ctx.state.user`, where the toolkit's default `getUser` reads it. A session whose
 * user was deleted or deactivated is ended.
 */
export function currentUser(): Middleware {
  return async (ctx, next) => {
    const session = readLogin(ctx);
    if (session) {
      const user = await requestEm(ctx).findOne(User, { id: session.userId });
      if (user?.isActive) (ctx.state as { user?: User }).user = user;
      else endLogin(ctx);
    }
    await next();
  };
}

/** A same-origin path: one leading `/`, then neither `/` nor `\` (which browsers read as `/`). */
const LOCAL_PATH = /^\/(?![/\\])/;

/**
 * Return `next` when it is a path on this site, else `/`. The value is normalised as a browser would (dot segments,
 * `%2e`), and the check is made on that final string, because normalising can turn a path into `//host`
 * (`/.//evil.example`). Backslashes and control characters are refused first: browsers read `\` as `/` and drop
 * tabs and newlines from URLs.
 */
export function safeNext(next: unknown): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (typeof next !== 'string' || !LOCAL_PATH.test(next) || /[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  const base = 'http://example-app.invalid';
  try {
    const url = new URL(next, base);
    const path = `${url.pathname}${url.search}${url.hash}`;
    return url.origin === base && LOCAL_PATH.test(path) ? path : '/';
  } catch {
    return '/';
  }
}
