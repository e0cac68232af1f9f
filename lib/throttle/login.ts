import type { Context } from 'koa';
import { requestEntityManager } from '../backend.js';
import { retryAfterSeconds, TooManyRequestsError } from '../oauth2/index.js';
import { throttled } from './guard.js';
import { throttleKeys } from './keys.js';

/** The outcome of `throttledAuthenticate()`. */
export type LoginAttempt<U> =
  | { readonly status: 'ok'; readonly user: U }
  | { readonly status: 'failed' }
  | { readonly status: 'blocked'; readonly retryAfter: number };

/**
 * Check an app's login under the toolkit's throttling, on the password grant's counters (per username and client
 * address, and per address; the address is `ctx.ip`, so set `app.proxy` behind a reverse proxy). While blocked,
 * `check` is not run and the answer is `blocked` with the seconds to wait, whether or not the username exists; a
 * falsy result of `check` is a failure and is counted.
 *
 * @example
 * const attempt = await throttledAuthenticate(ctx, username, () => authenticate(em, username, password));
 * if (attempt.status === 'blocked') {
 *   ctx.status = 429;
 *   ctx.set('Retry-After', String(attempt.retryAfter));
 * }
 */
export async function throttledAuthenticate<U>(
  ctx: Context,
  username: string,
  check: () => Promise<U | null | undefined | false>,
): Promise<LoginAttempt<U>> {
  try {
    const user = await throttled(requestEntityManager(ctx), throttleKeys('user', username, ctx.ip), check);
    return user ? { status: 'ok', user } : { status: 'failed' };
  } catch (error) {
    if (!(error instanceof TooManyRequestsError)) throw error;
    return { status: 'blocked', retryAfter: retryAfterSeconds(error) ?? 1 };
  }
}
