/**
 * A hot-path read that fails because its connection was cut mid-request is run once more on a fresh connection, so a
 * database restart or a terminated session costs the client nothing; a write is never run twice. PostgreSQL only:
 * the connection is cut by a TCP proxy between the ORM and the server (spec/helpers/tcp-proxy.ts), which PGlite,
 * an in-process database, does not have.
 */
import Router from '@koa/router';
import type { Options } from '@mikro-orm/core';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { AccessToken } from '../../lib/models/access-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { runSql } from '../../lib/models/run-sql.js';
import { configure, oauth2Entities } from '../../lib/settings.js';
import { oauth2Routes } from '../../lib/urls.js';
import { ProtectedResourceView } from '../../lib/views/generic.js';
import { basic } from '../helpers/basic-auth.js';
import { TEST_ISSUER, useScratchOrm } from '../helpers/db.js';
import { createAccessToken, createApplication } from '../helpers/factories.js';
import { TcpProxy } from '../helpers/tcp-proxy.js';
import { User, UserSchema } from '../helpers/user-entity.js';

const NEEDS_PG = 'needs PostgreSQL: set DATABASE_URL';
const DATABASE_URL = process.env['DATABASE_URL'];

class Hello extends ProtectedResourceView {
  async get(): Promise<void> {
    this.ctx.body = { ok: true };
  }
}

if (!DATABASE_URL) {
  console.log(`  read retries pending (${NEEDS_PG}): PGlite runs in-process, there is no connection to cut`);
  describe(`hot-path reads retried on a fresh connection (${NEEDS_PG})`, () => {
    it('a bearer check whose read is cut mid-request is answered 200');
    it('a client lookup cut mid-request is retried: the token is issued and stored once');
    it('a write cut mid-request is not run again');
  });
} else {
  describe('hot-path reads retried on a fresh connection (PostgreSQL through a TCP proxy)', () => {
    let proxy: TcpProxy;
    const options: Partial<Options> = {};
    before(async () => {
      proxy = await TcpProxy.forUrl(DATABASE_URL);
      options.clientUrl = proxy.url(DATABASE_URL);
      // knex warns on the console about every dead connection it discards; here that is the point of the spec.
      options.driverOptions = { log: { warn: () => undefined } };
    });
    const orm = useScratchOrm(() => [UserSchema, ...oauth2Entities({ userEntity: UserSchema })], 'retry', options);
    after(async () => {
      await proxy?.close();
    });

    /** The app: a session of its own per request (no transaction), the toolkit's routes and a protected view. */
    function app(): Koa {
      configure({ orm: orm(), issuer: TEST_ISSUER });
      const koa = new Koa();
      koa.on('error', () => undefined);
      koa.use((ctx, next) => {
        ctx.state['em'] = orm().em.fork();
        return next();
      });
      koa.use(oauth2Routes(new Router({ prefix: '/o' })).routes());
      koa.use(new Router().all('hello', '/api/hello', Hello.asView()).routes());
      return koa;
    }

    it('a bearer check whose read is cut mid-request is answered 200', async () => {
      const koa = app();
      const { application } = await createApplication(orm().em.fork());
      const { token } = await createAccessToken(orm().em.fork(), { application });
      const hello = () => request(koa.callback()).get('/api/hello').set('Authorization', `Bearer ${token}`);
      expect((await hello()).status).to.equal(200);
      proxy.cutOnNextStatement();
      const res = await hello();
      expect(res.status, res.text).to.equal(200);
    });

    it('a client lookup cut mid-request is retried: the token is issued and stored once', async () => {
      const koa = app();
      const { application, clientSecret } = await createApplication(orm().em.fork(), {
        authorizationGrantType: 'client-credentials',
      });
      const issue = () =>
        request(koa.callback())
          .post('/o/token/')
          .set('Authorization', basic(application.clientId, clientSecret))
          .type('form')
          .send({ grant_type: 'client_credentials' });
      expect((await issue()).status).to.equal(200);
      proxy.cutOnNextStatement();
      const res = await issue();
      expect(res.status, res.text).to.equal(200);
      const stored = await orm()
        .em.fork()
        .count(AccessToken, { tokenChecksum: tokenChecksum(res.body.access_token as string) });
      expect(stored).to.equal(1);
    });

    it('a write cut mid-request is not run again', async () => {
      configure({ orm: orm() });
      const em = orm().em.fork();
      await runSql(em, 'SELECT 1', []); // a pooled connection to cut
      proxy.cutOnNextStatement();
      const username = `never-twice-${Date.now()}`;
      const failure = await runSql(em, 'INSERT INTO "test_user" ("username") VALUES (?)', [username]).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).to.be.instanceOf(Error);
      expect(await orm().em.fork().count(User, { username })).to.equal(0);
    });
  });
}
