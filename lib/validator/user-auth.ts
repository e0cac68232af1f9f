import type { EntityManager } from '@mikro-orm/core';
import type { Context } from 'koa';
import type { OAuth2Request } from '../oauth2/request.js';
import { oauth2Settings } from '../settings/store.js';
import { throttled } from '../throttle/guard.js';
import { readThrottleState, userKeys } from './throttle.js';

/**
 * Check a resource owner's password through the `authenticateUser` setting (RFC 6749 §4.3) and set `request.user`;
 * an inactive user (`isActive === false`) is refused, and without the setting nobody can log in. The check is
 * throttled on the counters an app's login shares (`throttledAuthenticate()`): per (username, address) and address.
 * @throws TooManyRequestsError while the pair or the address is blocked (the password is then not checked)
 */
export async function validateUser(
  em: EntityManager,
  username: string,
  password: string,
  request: OAuth2Request,
  ctx: Context,
): Promise<boolean> {
  const authenticate = oauth2Settings().authenticateUser;
  if (authenticate === null) return false;
  const keys = userKeys(request, username);
  const blockedUntil = await readThrottleState(em, request, [keys.pair, keys.address]);
  const check = async (): Promise<boolean> => {
    if (username.includes('\0')) return false;
    const user = (await authenticate(username, password, ctx)) as object | null;
    if (!user || (user as { isActive?: unknown }).isActive === false) return false;
    request.user = user;
    return true;
  };
  return throttled(em, keys, check, blockedUntil);
}
