import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Context } from 'koa';
import type { CreateSessionOptions } from 'koa-session';
import { Session } from './models/session.js';

/** koa-session's external store: `get`, `set` and `destroy` by session key. */
export type SessionStore = NonNullable<CreateSessionOptions['store']>;

const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Return a new session key for the cookie: 32 random bytes, base64url (Django's keys carry about 165 bits). */
export function newSessionKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a key, so that a copy of the table holds no usable session cookie. */
function digest(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/**
 * Return a koa-session store on the example app's `django_session` table, through the request's EntityManager
 * (`emOf(ctx)`). koa-session asks it only for a request that carries a validly signed session cookie, so anonymous
 * pages and API calls never reach the table. A row past its `expireDate` is not found.
 */
export function databaseSessionStore(emOf: (ctx: Context) => EntityManager): SessionStore {
  return {
    async get(key, _maxAge, { ctx }) {
      // The cookie is signed, so only our own keys arrive here; anything else is not worth a query.
      if (!KEY_PATTERN.test(key)) return undefined;
      const where = { sessionKey: digest(key), expireDate: { $gt: new Date() } };
      const row = await emOf(ctx as Context).findOne(Session, where, { disableIdentityMap: true });
      return row?.sessionData;
    },
    async set(key, data, maxAge, { ctx }) {
      const expireDate = new Date(Date.now() + maxAge);
      await emOf(ctx as Context).upsert(Session, { sessionKey: digest(key), sessionData: data, expireDate });
    },
    async destroy(key, { ctx }) {
      await emOf(ctx as Context).nativeDelete(Session, { sessionKey: digest(key) });
    },
  };
}

/** Delete the sessions past their expiry (Django's `clear_expired`) and return how many there were. */
export function clearExpiredSessions(em: EntityManager): Promise<number> {
  return em.nativeDelete(Session, { expireDate: { $lte: new Date() } });
}
