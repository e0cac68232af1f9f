import type Koa from 'koa';
import type { Context } from 'koa';
import createSession from 'koa-session';

/** What the example app keeps in its cookie session: who logged in and when. */
export interface LoginSession {
  userId: number;
  /** The login time in seconds since the epoch (OIDC `auth_time`). */
  authTime: number;
}

/** The session cookie's name (Django's). */
export const SESSION_COOKIE = 'sessionid';
const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

type SessionHolder = { session: Record<string, unknown> | null };

/** Return koa-session's middleware for the app: a signed cookie holding the session itself (no store). */
export function sessionMiddleware(app: Koa): Koa.Middleware {
  // Django's SESSION_COOKIE_AGE; SameSite=Lax keeps the cookie on the top-level redirect back from a client.
  return createSession(
    { key: SESSION_COOKIE, maxAge: TWO_WEEKS_MS, httpOnly: true, sameSite: 'lax', signed: true },
    app,
  );
}

/** Return the login kept in the session, or `undefined` when nobody is logged in. */
export function readLogin(ctx: Context): LoginSession | undefined {
  const session = (ctx as unknown as SessionHolder).session;
  const userId = session?.userId;
  const authTime = session?.authTime;
  if (typeof userId !== 'number' || typeof authTime !== 'number') return undefined;
  return { userId, authTime };
}

/**
 * Replace the whole session with a new login. The session lives in the cookie, so replacing it leaves nothing of a
 * session planted before the login (the cookie-store form of session-id regeneration against fixation).
 */
export function startLogin(ctx: Context, login: LoginSession): void {
  (ctx as unknown as SessionHolder).session = { ...login };
}

/** End the session: the cookie is cleared on the response. */
export function endLogin(ctx: Context): void {
  (ctx as unknown as SessionHolder).session = null;
}
