import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import type { AccessToken } from '../../lib/index.js';
import { createApplication, getAccessTokenModel } from '../../lib/index.js';
import { configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { ensureDemo } from '../demo.js';
import { User } from '../models/user.js';
import { openTestDatabase, type TestDatabase } from './database.js';

const ISSUER = 'http://127.0.0.1:8000/o';
const BODY = (scopes: string[]) => ({ ok: true, user: 'demo', scopes });

/** The example app's protected APIs (issue 4, item 8): each answers `{ ok, user, scopes }` or an RFC 6750 error. */
describe('example app: the protected /api/* resources', () => {
  let database: TestDatabase;
  let options: ExampleAppOptions;
  let app: Koa;
  let client: { id: string; secret: string };

  before(async () => {
    database = await openTestDatabase();
    options = { orm: database.orm, keys: ['api-spec-key'], issuer: ISSUER };
    app = createApp(options);
    await ensureDemo(database.orm, { redirectUri: 'http://127.0.0.1:8000/callback' });
    const { application, clientSecret } = await createApplication(database.orm.em.fork(), {
      clientType: 'confidential',
      authorizationGrantType: 'client-credentials',
      name: 'API spec client',
    });
    client = { id: application.clientId, secret: clientSecret! };
  });

  // The run's root hook resets the toolkit settings after each test.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    await database?.dispose();
  });

  /** Store a live access token of the demo user with `scope` and return its value. */
  async function userToken(scope: string): Promise<string> {
    const em = database.orm.em.fork();
    const user = await em.findOneOrFail(User, { username: 'demo' });
    const token = randomBytes(32).toString('base64url');
    const accessToken = em.create(getAccessTokenModel(), {
      user,
      scope,
      expires: new Date(Date.now() + 3600_000),
      family: randomUUID(),
    } as never) as AccessToken;
    accessToken.setToken(token);
    await em.flush();
    return token;
  }

  const get = (path: string, token?: string) => {
    const req = request(app.callback()).get(path);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('/api/hello answers a valid token with its user and scopes', async () => {
    const res = await get('/api/hello', await userToken('write'));
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ ok: true, user: 'demo', scopes: ['write'] });
  });

  it('/api/hello answers no token with 401 and a bare Bearer challenge (RFC 6750 §3.1)', async () => {
    const res = await get('/api/hello');
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.match(/^Bearer realm="[^"]+"$/);
  });

  it('/api/hello answers an unknown token with 401 invalid_token', async () => {
    const res = await get('/api/hello', 'not-a-token');
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.include('error="invalid_token"');
  });

  it('/api/scoped needs read: 200 with it, 403 insufficient_scope without', async () => {
    expect((await get('/api/scoped', await userToken('read'))).body).to.deep.equal({
      ok: true,
      user: 'demo',
      scopes: ['read'],
    });
    const res = await get('/api/scoped', await userToken('write'));
    expect(res.status).to.equal(403);
    expect(res.headers['www-authenticate']).to.include('error="insufficient_scope"').and.include('scope="read"');
  });

  it('/api/rw needs read to GET and write to POST', async () => {
    const reader = await userToken('read');
    expect((await get('/api/rw', reader)).status).to.equal(200);
    const post = (token: string) => request(app.callback()).post('/api/rw').set('Authorization', `Bearer ${token}`);
    expect((await post(reader)).status).to.equal(403);
    const res = await post(await userToken('write'));
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ ok: true, user: 'demo', scopes: ['write'] });
  });

  const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'] as const;
  const call = (method: (typeof METHODS)[number], path: string, token: string) =>
    request(app.callback())[method](path).set('Authorization', `Bearer ${token}`);

  it('each API answers GET, HEAD, POST, PUT, PATCH and DELETE', async () => {
    const token = await userToken('read write');
    for (const path of ['/api/hello', '/api/scoped', '/api/rw', '/api/client']) {
      for (const method of METHODS) {
        const res = await call(method, path, token);
        expect(res.status, `${method.toUpperCase()} ${path}`).to.equal(200);
        if (method !== 'head') expect(res.body, `${method} ${path}`).to.deep.equal(BODY(['read', 'write']));
      }
      const options = await request(app.callback()).options(path);
      expect(options.headers['allow']).to.equal('GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS');
    }
  });

  it('/api/hello takes a bearer token in a POSTed form body (RFC 6750 §2.2)', async () => {
    const res = await request(app.callback())
      .post('/api/hello')
      .type('form')
      .send({ access_token: await userToken('read') });
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal(BODY(['read']));
  });

  it('/api/rw: the write branch (POST, PUT, PATCH, DELETE) needs write, the read branch (GET, HEAD) read', async () => {
    const reader = await userToken('read');
    const writer = await userToken('write');
    for (const method of ['post', 'put', 'patch', 'delete'] as const) {
      const refused = await call(method, '/api/rw', reader);
      expect(refused.status, method).to.equal(403);
      expect(refused.headers['www-authenticate']).to.include('scope="write"');
      expect((await call(method, '/api/rw', writer)).body, method).to.deep.equal(BODY(['write']));
    }
    for (const method of ['get', 'head'] as const) {
      expect((await call(method, '/api/rw', writer)).status, method).to.equal(403);
      expect((await call(method, '/api/rw', reader)).status, method).to.equal(200);
    }
  });

  it('/api/client takes a confidential client by HTTP Basic, with no user and no scopes', async () => {
    const res = await get('/api/client').auth(client.id, client.secret);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ ok: true, user: null, scopes: [] });
  });

  it('/api/client refuses a wrong client secret with 401 invalid_client', async () => {
    const res = await get('/api/client').auth(client.id, 'wrong');
    expect(res.status).to.equal(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('/api/client falls back to a bearer token from the token endpoint (client credentials grant)', async () => {
    const token = await request(app.callback())
      .post('/o/token/')
      .auth(client.id, client.secret)
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'read' });
    expect(token.status).to.equal(200);
    const res = await get('/api/client', token.body.access_token);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ ok: true, user: null, scopes: ['read'] });
  });

  it('answers every /api/* request with Cache-Control: no-store, its errors too', async () => {
    const token = await userToken('read write');
    const answers: [string, request.Response][] = [
      ['hello', await get('/api/hello', token)],
      ['scoped', await get('/api/scoped', token)],
      ['rw', await get('/api/rw', token)],
      ['client', await get('/api/client').auth(client.id, client.secret)],
      ['me', await get('/api/me', token)],
      ['hello without a token', await get('/api/hello')],
      ['scoped without its scope', await get('/api/scoped', await userToken('write'))],
      ['client with a wrong secret', await get('/api/client').auth(client.id, 'wrong')],
      ['me without a token', await get('/api/me')],
      [
        'rw with an unknown method',
        await request(app.callback()).delete('/api/rw').set('Authorization', `Bearer ${token}`),
      ],
    ];
    for (const [name, res] of answers) {
      expect(res.status, name).to.be.oneOf([200, 401, 403, 405]);
      expect(res.headers['cache-control'], name).to.equal('no-store');
    }
  });
});
