import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { useTransaction, testOrm } from '../helpers/db.js';
import { OAuthLibCore } from '../../lib/backend.js';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { OAuthLibMixin } from '../../lib/mixins/oauth-lib.js';
import {
  BackendApplicationServer,
  InvalidClientIdError,
  InvalidRequestError,
  OpenIDServer,
  Server,
  WebApplicationServer,
} from '../../lib/oauth2/index.js';
import { configure } from '../../lib/settings.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { View } from '../../lib/views/view.js';
import { createApplication } from '../helpers/factories.js';

class Plain extends OAuthLibMixin(View) {}
class Other extends OAuthLibMixin(View) {}
class MyValidator extends OAuth2Validator {}
class MyBackend extends OAuthLibCore {}

describe('OAuthLibMixin', () => {
  const em = useTransaction();

  describe('class choice (statics, then settings, then the toolkit)', () => {
    it('defaults to OpenIDServer (the plain Server while OIDC is off), OAuth2Validator and OAuthLibCore', () => {
      expect(Plain.getServerClass()).to.equal(OpenIDServer);
      expect(Plain.getServer().options.oidcEnabled).to.equal(false);
      expect(Plain.getValidatorClass()).to.equal(OAuth2Validator);
      expect(Plain.getOAuthLibBackendClass()).to.equal(OAuthLibCore);
    });

    it('takes the classes from the settings', () => {
      configure({
        orm: testOrm(),
        oauth2ServerClass: WebApplicationServer,
        oauth2ValidatorClass: MyValidator,
        oauth2BackendClass: MyBackend,
      });
      expect(Plain.getServerClass()).to.equal(WebApplicationServer);
      expect(Plain.getValidatorClass()).to.equal(MyValidator);
      const core = Plain.getOAuthLibCore();
      expect(core).to.be.instanceOf(MyBackend);
      expect(core.server).to.be.instanceOf(WebApplicationServer);
      expect(core.server.validator).to.be.instanceOf(MyValidator);
    });

    it('prefers the statics of the view class to the settings', () => {
      configure({ orm: testOrm(), oauth2ServerClass: WebApplicationServer });
      class Backend extends OAuthLibMixin(View) {
        static override readonly serverClass = BackendApplicationServer;
        static override readonly validatorClass = MyValidator;
        static override readonly oauthlibBackendClass = MyBackend;
      }
      expect(Backend.getServer()).to.be.instanceOf(BackendApplicationServer);
      expect(Backend.getServer().validator).to.be.instanceOf(MyValidator);
      expect(Backend.getOAuthLibCore()).to.be.instanceOf(MyBackend);
    });
  });

  describe('getServer()', () => {
    it('passes the settings and the endpoint URLs built from the issuer', () => {
      configure({
        orm: testOrm(),
        issuer: 'https://as.example/o/',
        accessTokenExpireSeconds: 60,
        rotateRefreshToken: false,
      });
      const { options } = Plain.getServer();
      expect(options).to.include({
        issuer: 'https://as.example/o/',
        authorizationEndpoint: 'https://as.example/o/authorize/',
        tokenEndpoint: 'https://as.example/o/token/',
        revocationEndpoint: 'https://as.example/o/revoke_token/',
        introspectionEndpoint: 'https://as.example/o/introspect/',
        accessTokenExpireSeconds: 60,
        rotateRefreshToken: false,
      });
      expect(options.scopes).to.deep.equal(['read', 'write']);
    });

    it('leaves the endpoint URLs out without an issuer', () => {
      configure({ orm: testOrm(), issuer: '' });
      expect(Plain.getServer().options.tokenEndpoint).to.equal(null);
    });
  });

  describe('getOAuthLibCore()', () => {
    it('builds one backend per view class and keeps it', () => {
      const core = Plain.getOAuthLibCore();
      expect(Plain.getOAuthLibCore()).to.equal(core);
      expect(Other.getOAuthLibCore()).not.to.equal(core);
    });

    it('rebuilds it when the settings change', () => {
      const core = Plain.getOAuthLibCore();
      configure({ orm: testOrm(), accessTokenExpireSeconds: 5 });
      const rebuilt = Plain.getOAuthLibCore();
      expect(rebuilt).not.to.equal(core);
      expect(rebuilt.server.options.accessTokenExpireSeconds).to.equal(5);
    });

    it('rebuilds it every time with alwaysReloadOAuthLibCore', () => {
      configure({ orm: testOrm(), alwaysReloadOAuthLibCore: true });
      expect(Plain.getOAuthLibCore()).not.to.equal(Plain.getOAuthLibCore());
    });
  });

  describe('errorResponse()', () => {
    it('redirects a redirectable error with state and iss', () => {
      configure({ orm: testOrm(), issuer: 'https://as.example/o' });
      const error = new InvalidRequestError('Bad.', { redirectUri: 'https://client.example/cb', state: 's' });
      const answer = new Plain().errorResponse(error);
      expect(answer.redirect).to.equal(true);
      if (!answer.redirect) return;
      const url = new URL(answer.url);
      expect(Object.fromEntries(url.searchParams)).to.deep.equal({
        error: 'invalid_request',
        error_description: 'Bad.',
        state: 's',
        iss: 'https://as.example/o',
      });
    });

    it('answers a fatal error with its status and body', () => {
      expect(new Plain().errorResponse(new InvalidClientIdError())).to.deep.equal({
        redirect: false,
        status: 400,
        body: { error: 'invalid_request', error_description: 'Invalid client_id parameter value.' },
      });
    });
  });

  describe('wrappers on a request', () => {
    function appFor(handler: (view: Plain, ctx: Koa.Context) => Promise<unknown>) {
      const app = new Koa();
      app.on('error', () => undefined);
      app.use(async (ctx) => {
        ctx.state['em'] = em();
        ctx.body = { result: await handler(new Plain(), ctx) };
      });
      return app.callback();
    }

    it('authenticateClient() returns the client for the right secret and null otherwise', async () => {
      const { application, clientSecret } = await createApplication(em());
      const app = appFor(async (view, ctx) => (await view.authenticateClient(ctx))?.clientId ?? false);
      const ok = await request(app)
        .post('/')
        .type('form')
        .send({ client_id: application.clientId, client_secret: clientSecret });
      expect(ok.body.result).to.equal(application.clientId);
      const bad = await request(app)
        .post('/')
        .type('form')
        .send({ client_id: application.clientId, client_secret: 'x' });
      expect(bad.body.result).to.equal(false);
      const none = await request(app).post('/').type('form').send({ client_id: application.clientId });
      expect(none.body.result).to.equal(false);
    });

    it('createUserinfoResponse() needs a server with a UserInfo endpoint', async () => {
      class PlainServer extends OAuthLibMixin(View) {
        static override readonly serverClass = Server;
      }
      const app = new Koa();
      const errors: unknown[] = [];
      app.on('error', (error: unknown) => errors.push(error));
      app.use(async (ctx) => {
        ctx.state['em'] = em();
        await new PlainServer().createUserinfoResponse(ctx);
      });
      const res = await request(app.callback()).get('/');
      expect(res.status).to.equal(500);
      expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
    });

    it('getScopes() is empty by default', () => {
      expect(new Plain().getScopes()).to.deep.equal([]);
    });
  });
});
