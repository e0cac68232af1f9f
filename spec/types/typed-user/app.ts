// A strict app that declares its user type once (OAuth2UserTypes), checked by spec/types/typed-user.spec.ts with
// its own tsc run: the declaration is global, so it cannot share a program with the rest of the repository.
import Router from '@koa/router';
import type { Context } from 'koa';
import {
  AuthorizationView,
  ClientProtectedResourceView,
  configure,
  OAuthLibMixin,
  oauth2Entities,
  oauth2Routes,
  protectedResource,
  ProtectedResourceMixin,
  ScopedProtectedResourceView,
  ScopedResourceMixin,
  TokenView,
  View,
  type OAuth2State,
} from 'koa-oauth-toolkit';
import type { MikroORM } from '@mikro-orm/core';

export class User {
  id!: number;
  username!: string;
  fullName!: string;
  email!: string;
}

declare module 'koa-oauth-toolkit' {
  interface OAuth2UserTypes {
    user: User;
  }
}

declare const orm: MikroORM;

export const entities = oauth2Entities({ userEntity: User });

// The hooks see the declared user: no `unknown`, no cast (the README's OIDC snippet).
configure({
  orm,
  issuer: 'https://auth.example.com/o',
  loginUrl: '/login/',
  oidcEnabled: true,
  oidcRsaPrivateKey: process.env['OIDC_RSA_PRIVATE_KEY'] ?? '',
  scopes: { openid: 'Sign you in', profile: 'Your name', email: 'Your email address', read: 'Read your things' },
  getUser: (ctx: Context) => ctx.state['user'] as User | undefined,
  getUserClaims: (user, _scopes) => ({ name: user.fullName, email: user.email, email_verified: true }),
  authenticateUser: async (username) => (username === 'alice' ? new User() : null),
  logoutUser: (ctx) => {
    ctx.state['user'] = null;
  },
});

// @ts-expect-error a hook returning something that is not the declared user
configure({ orm, getUser: () => 42 });

// A generic view: `this.oauth2` is typed, its user the declared one.
class Orders extends ScopedProtectedResourceView {
  override requiredScopes = ['read'];
  async get(): Promise<void> {
    const user: User | null = this.oauth2.user;
    this.ctx.body = { user: this.oauth2.user?.username, scopes: this.oauth2.scopes, name: user?.fullName };
  }
}

// A view composed from mixins has it too, and so has `ctx.state.oauth2`.
class Reports extends ScopedResourceMixin(ProtectedResourceMixin(OAuthLibMixin(View))) {
  override requiredScopes = ['reports'];
  async get(): Promise<void> {
    const state: OAuth2State<User> = this.ctx.state.oauth2;
    this.ctx.body = { email: state.user?.email, same: this.oauth2 === state };
  }
}

class Webhook extends ClientProtectedResourceView {
  async post(): Promise<void> {
    this.ctx.body = { application: this.oauth2.application !== null, user: this.oauth2.user?.username ?? null };
  }
}

// The middleware's handler reads the same typed state.
const api = new Router();
api.get('/ping', protectedResource({ scopes: ['read'] }), (ctx) => {
  ctx.body = { user: ctx.state.oauth2.user?.username ?? null };
});
api.all('orders', '/orders', Orders.asView());
api.all('reports', '/reports', Reports.asView());
api.all('webhook', '/webhook', Webhook.asView());

// @ts-expect-error `oauth2` is per request, never an asView() option
Orders.asView({ oauth2: null });

// @ts-expect-error the declared user has no `password`
export const leak = (state: OAuth2State) => state.user?.password;

// The login facts carry the declared user to the consent step.
class Consent extends AuthorizationView {
  whoApproves(): string | undefined {
    return this.getLoginFacts().user?.username ?? this.getUser()?.username;
  }
}

// oauth2Routes() takes replacement views by DOT's name, checked against the map.
oauth2Routes(new Router(), { views: { AuthorizationView: Consent, TokenView } });
// @ts-expect-error a view name oauth2Routes() does not mount
oauth2Routes(new Router(), { views: { AuthorisationView: Consent } });
