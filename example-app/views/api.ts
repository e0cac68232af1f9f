import type { Middleware } from 'koa';
import type { OAuth2State } from '../../lib/index.js';
import type { User } from '../models/user.js';

/**
 * `GET /api/me` behind `protectedResource({ scopes: ['read'] })`: a resource server answer for the token's user,
 * to try a token from the demo flow (`curl -H "Authorization: Bearer <token>" .../api/me`).
 */
export const me: Middleware = (ctx) => {
  const oauth2 = ctx.state.oauth2 as OAuth2State;
  const user = oauth2.user as User | null;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { username: user?.username ?? null, scope: oauth2.scopes.join(' ') };
};
