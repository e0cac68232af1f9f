/** The app under test with throttling on a clock the spec advances, and requests from chosen client addresses. */
import type { EntityManager } from '@mikro-orm/core';
import { expect } from 'chai';
import type Koa from 'koa';
import type request from 'supertest';
import { DatabaseThrottleStore } from '../../lib/models/throttle-store.js';
import type { OAuth2SettingsInput } from '../../lib/settings/types.js';
import { buildApp, type BuildAppOptions } from './app.js';
import { Clock } from '../validator/helpers.js';

/** The limits the throttling specs run with (the defaults are 10 and 100 per 900 s). */
export const LIMITS = {
  throttleWindowSeconds: 60,
  throttlePairLimit: 3,
  throttleAddressLimit: 6,
  throttleMaxBlockSeconds: 600,
} satisfies Partial<OAuth2SettingsInput>;

/** The attacker's address and the owner's, sent as `X-Forwarded-For` (the app trusts it: `app.proxy`). */
export const ATTACKER = '203.0.113.9';
export const OWNER = '198.51.100.7';

/**
 * Build the app under test with `LIMITS` and the database store on `clock` (the spec's transaction holds the rows),
 * trusting `X-Forwarded-For` so that each request says its client address.
 */
export function throttledApp(
  em: () => EntityManager,
  clock: Clock,
  settings: Partial<OAuth2SettingsInput> = {},
  options: Omit<BuildAppOptions, 'em' | 'settings'> = {},
): Koa {
  const app = buildApp({
    em,
    settings: { ...LIMITS, throttleStore: new DatabaseThrottleStore({ now: clock.now }), ...settings },
    ...options,
  });
  app.proxy = true;
  return app;
}

/** Assert the throttling answer: 429, `Retry-After` in seconds, the OAuth JSON error, no caching. */
export function expectThrottled(res: request.Response, retryAfter: number): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(429);
  expect(res.headers['retry-after']).to.equal(String(retryAfter));
  expect(res.headers['cache-control']).to.equal('no-store');
  expect(res.body).to.deep.equal({
    error: 'temporarily_unavailable',
    error_description: 'Too many failed attempts: try again later.',
  });
}

export { Clock };
