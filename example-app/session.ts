import type Koa from 'koa';
import type { Context } from 'koa';
import createSession from 'koa-session';
import { newSessionKey, type SessionStore } from './session-store.js';

/** What the example app keeps in its session: who logged in and when. */
export interface LoginSession {
  userId: number;
  /** The login time in seconds since the epoch (OIDC `auth_time`). */
  authTime: number;
}

/** The session cookie's name (Django's). */
export const SESSION_COOKIE = 'sessionid';
const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

/** koa-session's `ctx.session`: the data, plus `regenerate()` (a new key, the old one destroyed in the store). */
type KoaSession = Record<string, unknown> & { regenerate(): Promise<void> };
type SessionHolder = { session: Record<string, unknown> | null };

/**
 * Return koa-session's middleware for the app: the session is kept in `store`, and the cookie (signed, HttpOnly,
 * SameSite=Lax) holds only its random key, so that logging out ends the session for every copy of the cookie.
 */
export function sessionMiddleware(app: Koa, store: SessionStore): Koa.Middleware {
  // Django's SESSION_COOKIE_AGE; SameSite=Lax keeps the cookie on the top-level redirect back from a client.
  return createSession(
    {
      key: SESSION_COOKIE,
      maxAge: TWO_WEEKS_MS,
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      store,
      genid: newSessionKey,
    },
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
 * Replace the whole session with a new login under a new key; the session it replaces (one planted before the login,
 * say) is destroyed in the store. Django's `cycle_key`, against session fixation.
 */
export async function startLogin(ctx: Context, login: LoginSession): Promise<void> {
  const holder = ctx as unknown as SessionHolder;
  holder.session = { ...login };
  await (holder.session as KoaSession).regenerate();
}

/** End the session: koa-session destroys it in the store and clears the cookie when the response is committed. */
export function endLogin(ctx: Context): void {
  (ctx as unknown as SessionHolder).session = null;
}
