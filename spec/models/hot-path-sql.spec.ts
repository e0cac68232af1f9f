/**
 * The hot paths' SQL (lib/models/sql-table.ts, run-sql.ts, queries.ts): built from the ORM metadata, values bound,
 * token pairs written by one statement, swapped models read and written whole, and MikroORM's query log kept.
 */
import { randomBytes } from 'node:crypto';
import Router from '@koa/router';
import { EntitySchema, UniqueConstraintViolationException } from '@mikro-orm/core';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { createApplication as createStoredApplication } from '../../lib/commands/create-application.js';
import { protectedResource } from '../../lib/middleware.js';
import { AccessToken } from '../../lib/models/access-token.js';
import { tokenChecksum } from '../../lib/models/checksum.js';
import { findApplicationByClientId, insertTokens } from '../../lib/models/queries.js';
import { RefreshToken } from '../../lib/models/refresh-token.js';
import { configure, oauth2Entities } from '../../lib/settings.js';
import { oauth2Routes } from '../../lib/urls.js';
import { buildApp } from '../helpers/app.js';
import { TEST_ISSUER, useScratchOrm, useTransaction } from '../helpers/db.js';
import { createAccessToken, createApplication, createRefreshToken, createUser } from '../helpers/factories.js';
import { UserSchema } from '../helpers/user-entity.js';
import { basic } from '../helpers/basic-auth.js';

describe('hot-path SQL on the run’s database', () => {
  const em = useTransaction();

  it('binds values: a client id of quotes, question marks and backslashes authenticates; an injection is unknown', async () => {
    const clientId = `it's?a\\"test'--`;
    const { application, clientSecret } = await createApplication(em(), {
      clientId,
      authorizationGrantType: 'client-credentials',
    });
    const app = buildApp({ em }).callback();
    const issued = await request(app)
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(issued.status).to.equal(200);
    expect(await findApplicationByClientId(em(), clientId)).to.include({ id: application.id });
    const injected = await request(app)
      .post('/o/token/')
      .set('Authorization', basic(`x' OR '1'='1`, clientSecret))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(injected.status).to.equal(401);
    expect(injected.body.error).to.equal('invalid_client');
  });

  it('writes an access token and its refresh token whole or not at all (one statement)', async () => {
    const user = await createUser(em());
    const { application } = await createApplication(em(), { user });
    const { refreshToken: taken } = await createRefreshToken(em(), { user, application });
    const accessChecksum = tokenChecksum(randomBytes(32).toString('base64url'));
    const values = { user, application, expires: new Date(Date.now() + 60_000), scope: 'read' };
    let failure: unknown = null;
    try {
      // A savepoint, so that the spec's transaction survives the failed statement.
      await em().transactional((tem) =>
        insertTokens(
          tem,
          { ...values, tokenChecksum: accessChecksum },
          { user, application, tokenChecksum: taken.tokenChecksum },
        ),
      );
    } catch (error) {
      failure = error;
    }
    expect(failure).to.be.instanceOf(UniqueConstraintViolationException);
    expect(await em().count(AccessToken, { tokenChecksum: accessChecksum })).to.equal(0);
    await insertTokens(
      em(),
      { ...values, tokenChecksum: accessChecksum },
      {
        user,
        application,
        tokenChecksum: tokenChecksum('a fresh refresh token'),
      },
    );
    const stored = await em().findOneOrFail(
      RefreshToken,
      { tokenChecksum: tokenChecksum('a fresh refresh token') },
      {
        populate: ['accessToken'] as never,
      },
    );
    expect(stored.accessToken?.tokenChecksum).to.equal(accessChecksum);
  });

  it('sees a revocation made through the ORM on the next bearer check of the same EntityManager', async () => {
    const { application } = await createApplication(em(), { authorizationGrantType: 'client-credentials' });
    const { accessToken, token } = await createAccessToken(em(), { application, scope: 'read' });
    const app = buildApp({ em, routes: (r) => r.get('/api', protectedResource(), (ctx) => (ctx.body = 'ok')) });
    const bearer = `Bearer ${token}`;
    expect((await request(app.callback()).get('/api').set('Authorization', bearer)).status).to.equal(200);
    await em().nativeUpdate(AccessToken, { id: accessToken.id }, { revoked: new Date() });
    const after = await request(app.callback()).get('/api').set('Authorization', bearer);
    expect(after.status).to.equal(401);
    expect(after.body.error).to.equal('invalid_token');
  });
});

// A swapped AccessToken model with a column the toolkit does not know, defaulted by its class and by `onCreate`.
class AuditedAccessToken extends AccessToken {
  channel = 'api';
  issuedAt?: string;
}
const AuditedAccessTokenSchema = new EntitySchema<AuditedAccessToken>({
  class: AuditedAccessToken,
  extends: 'AbstractAccessToken' as never,
  tableName: 'oauth2_provider_accesstoken',
  properties: {
    channel: { type: 'string', length: 16 },
    issuedAt: { type: 'string', length: 32, onCreate: () => 'on-create' },
  } as never,
});

describe('hot-path SQL on a swapped token model, with and without MikroORM’s query log', () => {
  const logged: string[] = [];
  const orm = useScratchOrm(
    () => [UserSchema, ...oauth2Entities({ userEntity: UserSchema, accessTokenModel: AuditedAccessTokenSchema })],
    'sql',
    { logger: (message: string) => logged.push(message) },
  );

  afterEach(() => orm().config.set('debug', false));

  function app(): Koa {
    configure({ orm: orm(), issuer: TEST_ISSUER });
    const koa = new Koa();
    koa.use((ctx, next) => {
      ctx.state['em'] = orm().em.fork();
      return next();
    });
    koa.use(oauth2Routes(new Router({ prefix: '/o' })).routes());
    const api = new Router().get('/api', protectedResource({ scopes: ['read'] }), (ctx) => (ctx.body = 'ok'));
    koa.use(api.routes());
    return koa;
  }

  async function issue(koa: Koa): Promise<string> {
    configure({ orm: orm() });
    const { application, clientSecret } = await createStoredApplication(orm().em.fork(), {
      clientType: 'confidential',
      authorizationGrantType: 'client-credentials',
    });
    const res = await request(koa.callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret!))
      .type('form')
      .send({ grant_type: 'client_credentials', scope: 'read' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.access_token as string;
  }

  it('stores the class’s defaults and onCreate values of the extra columns, and reads the token back', async () => {
    const koa = app();
    const token = await issue(koa);
    const { em } = orm();
    const stored = await em.fork().findOneOrFail(AuditedAccessToken, { tokenChecksum: tokenChecksum(token) });
    expect(stored).to.include({ channel: 'api', issuedAt: 'on-create', scope: 'read' });
    const res = await request(koa.callback()).get('/api').set('Authorization', `Bearer ${token}`);
    expect(res.status).to.equal(200);
  });

  it('sends the statements through MikroORM’s query log when it is on', async () => {
    const koa = app();
    const token = await issue(koa);
    orm().config.set('debug', ['query']);
    logged.length = 0;
    const res = await request(koa.callback()).get('/api').set('Authorization', `Bearer ${token}`);
    expect(res.status).to.equal(200);
    const lookups = logged.filter((line) => line.includes('oauth2_provider_accesstoken'));
    expect(lookups).to.have.length(1);
    expect(lookups[0]).to.include('"token_checksum" =').and.not.include(token);
  });

  /** Return the toolkit's statements logged while `action` runs. */
  async function statementsOf(action: () => Promise<unknown>): Promise<string[]> {
    orm().config.set('debug', ['query']);
    logged.length = 0;
    await action();
    orm().config.set('debug', false);
    // eslint-disable-next-line no-control-regex -- the logger colours its lines
    return logged.filter((line) => line.includes('oauth2_provider_')).map((line) => line.replace(/\u001b\[\d+m/g, ''));
  }

  it('reads the throttling state in the client lookup: a client authenticated by its secret costs no statement more', async () => {
    const koa = app();
    const { application, clientSecret } = await createStoredApplication(orm().em.fork(), {
      clientType: 'confidential',
      authorizationGrantType: 'client-credentials',
    });
    const token = (secret: string) =>
      request(koa.callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, secret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
    const success = await statementsOf(async () => expect((await token(clientSecret!)).status).to.equal(200));
    expect(success).to.have.length(2);
    expect(success[0]).to.include('"oauth2_provider_application"').and.include('"oauth2_provider_throttle"');
    expect(success[1]).to.match(/^\[query\] INSERT INTO "oauth2_provider_accesstoken"/);
    const failure = await statementsOf(async () => expect((await token('wrong')).status).to.equal(401));
    expect(failure).to.have.length(2);
    expect(failure[1]).to.match(/^\[query\] INSERT INTO "oauth2_provider_throttle" .* ON CONFLICT/);
  });
});

const NEEDS_PG = 'needs PostgreSQL: set DATABASE_URL';
const PREPARED_SPEC = 'prepares a hot-path statement once per connection, and not with sqlPreparedStatements off';

if (!process.env['DATABASE_URL']) {
  console.log(`  prepared statements pending (${NEEDS_PG}): PGlite runs every statement through MikroORM's execute()`);
  describe(`hot-path SQL prepared statements (${NEEDS_PG})`, () => {
    it(PREPARED_SPEC);
  });
} else {
  describe('hot-path SQL prepared statements on PostgreSQL', () => {
    // An ORM of its own, so that its connections have prepared nothing before this spec.
    const orm = useScratchOrm(() => [UserSchema, ...oauth2Entities({ userEntity: UserSchema })], 'prep');

    // Inside a transaction, which holds one connection, so pg_prepared_statements shows what the lookup prepared.
    function preparedByLookup(): Promise<number> {
      const { em: scratch } = orm();
      return scratch.fork().transactional(async (em) => {
        await findApplicationByClientId(em, 'no such client');
        const rows = await em
          .getConnection()
          .execute<{ n: string }[]>(
            "SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'kot%' AND statement LIKE '%client_id%'",
            [],
            'all',
            em.getTransactionContext(),
          );
        return Number(rows[0]!.n);
      });
    }

    it(PREPARED_SPEC, async () => {
      configure({ orm: orm(), sqlPreparedStatements: false });
      expect(await preparedByLookup()).to.equal(0);
      configure({ orm: orm() });
      expect(await preparedByLookup()).to.equal(1);
      expect(await preparedByLookup()).to.equal(1);
    });
  });
}
