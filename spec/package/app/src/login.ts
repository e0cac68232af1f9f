// The test's stand-in for the app's authentication (the README's app imports it): `/test-login?username=` signs
// the visitor in with a signed cookie, and every request loads that user onto ctx.state.user.
import type Koa from 'koa';
import { requestEntityManager } from 'koa-oauth-toolkit';
import { User } from './user.js';

export const login: Koa.Middleware = async (ctx, next) => {
  if (ctx.path === '/test-login') {
    ctx.cookies.set('test_user', String(ctx.query['username']), { signed: true });
    ctx.status = 204;
    return;
  }
  const username = ctx.cookies.get('test_user', { signed: true });
  if (username) ctx.state.user = await requestEntityManager(ctx)?.findOne(User, { username });
  await next();
};
