/**
 * Mistakes only a request can show (the router never sees the Koa app): no `app.keys` for the consent page's CSRF
 * cookie, and an app-wide body parser that kept no raw body. Each is an `ImproperlyConfigured` naming the fix,
 * reported through the `logger` setting; the client sees only Koa's generic 500.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import { koaBody } from 'koa-body';
import request from 'supertest';

import { ImproperlyConfigured } from '../../lib/errors.js';
import { AUTHORIZE_SETTINGS, authorizeQuery, REDIRECT } from '../helpers/authorize.js';
import { buildApp } from '../helpers/app.js';
import { basic } from '../helpers/basic-auth.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';

describe('configuration mistakes found at the first request', () => {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });

  /** The app under test with a logger that records errors and Koa's error events. */
  function app(options: { keys?: boolean; middleware?: Koa.Middleware[] } = {}) {
    const logged: string[] = [];
    const logger = { warn: () => undefined, error: (message: string) => logged.push(message) };
    const koa = buildApp({ em, settings: { ...AUTHORIZE_SETTINGS, logger }, middleware: options.middleware ?? [] });
    if (options.keys === false) koa.keys = undefined as unknown as string[];
    const errors: unknown[] = [];
    koa.on('error', (error: unknown) => errors.push(error));
    return { koa, logged, errors };
  }

  const clientCredentials = (koa: Koa, clientId: string, secret: string) =>
    request(koa.callback())
      .post('/o/token/')
      .set('Authorization', basic(clientId, secret))
      .type('form')
      .send({ grant_type: 'client_credentials' });

  it('no app.keys: the consent page is a generic 500, and the logger is told to set app.keys', async () => {
    const user = await createUser(em());
    const { application } = await createApplication(em(), { redirectUris: REDIRECT });
    const { koa, logged, errors } = app({ keys: false });
    const res = await request(koa.callback())
      .get(`/o/authorize/?${authorizeQuery(application.clientId)}`)
      .set('X-Test-User', String(user.id));
    expect(res.status).to.equal(500);
    expect(res.text).to.equal('Internal Server Error');
    expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
    expect(logged).to.have.length(1);
    expect(logged[0]).to.include('improperly configured').and.include('app.keys');
  });

  it('a body parser without includeUnparsed: the token endpoint is a generic 500, the logger names the option', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
    });
    const { koa, logged } = app({ middleware: [koaBody()] });
    const res = await clientCredentials(koa, application.clientId, clientSecret);
    expect(res.status).to.equal(500);
    expect(res.text).to.equal('Internal Server Error');
    expect(res.text).not.to.include('includeUnparsed');
    expect(logged).to.have.length(1);
    expect(logged[0]).to.include('includeUnparsed');
  });

  it('a correct app logs nothing', async () => {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'client-credentials',
    });
    const { koa, logged } = app();
    const res = await clientCredentials(koa, application.clientId, clientSecret);
    expect(res.status).to.equal(200);
    expect(logged).to.deep.equal([]);
  });
});
