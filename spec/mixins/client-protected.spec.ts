import type Router from '@koa/router';
import type { Context } from 'koa';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { ClientProtectedResourceMixin } from '../../lib/mixins/client-protected.js';
import { OAuthLibMixin } from '../../lib/mixins/oauth-lib.js';
import type { OAuth2State } from '../../lib/mixins/protected-resource.js';
import { ScopedResourceMixin } from '../../lib/mixins/scoped-resource.js';
import { View } from '../../lib/views/view.js';
import { ClientProtectedMixinCases } from './client-protected.cases.js';

function echo(this: { ctx: Context }): void {
  const state = this.ctx.state['oauth2'] as OAuth2State;
  this.ctx.body = {
    ok: true,
    scopes: state.scopes,
    user: null,
    application: (state.application as { clientId?: string } | null)?.clientId ?? null,
    token: null,
  };
}

class Webhook extends ClientProtectedResourceMixin(OAuthLibMixin(View)) {
  get = echo;
  post = echo;
}
class ScopedWebhook extends ScopedResourceMixin(ClientProtectedResourceMixin(OAuthLibMixin(View))) {
  override requiredScopes = ['write'];
  get = echo;
}

describe('ClientProtectedResourceMixin composed into a custom view', () => {
  const em = useTransaction();
  const routes = (router: Router) => {
    router.all('hook', '/hook', Webhook.asView());
    router.all('scoped-hook', '/scoped-hook', ScopedWebhook.asView());
  };
  ClientProtectedMixinCases(em, () => ({
    app: buildApp({ em, routes }).callback(),
    path: '/hook',
    scopedPath: '/scoped-hook',
  }));
});
