import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestContext } from '@mikro-orm/core';
import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';
import { useTransaction, testOrm } from './helpers/db.js';
import { readFormBody, RAW_BODY_STATE_KEY, FORM_BODY_LIMIT } from '../lib/backend/form-body.js';
import { requestEntityManager, writeResponse } from '../lib/backend.js';
import { OAuth2Error } from '../lib/oauth2/index.js';
import { resetSettings } from '../lib/settings.js';

describe('OAuthLibCore helpers (lib/backend.ts)', () => {
  const em = useTransaction();

  describe('requestEntityManager()', () => {
    const probe = (setup?: (ctx: Koa.Context) => void) => {
      const app = new Koa();
      let found: unknown = null;
      let again: unknown = null;
      app.use(async (ctx) => {
        setup?.(ctx);
        found = requestEntityManager(ctx);
        again = requestEntityManager(ctx);
        ctx.body = 'ok';
      });
      return { app, found: () => found, again: () => again };
    };

    it('takes ctx.state.em first', async () => {
      const p = probe((ctx) => (ctx.state['em'] = em()));
      await request(p.app.callback()).get('/');
      expect(p.found()).to.equal(em());
    });

    it("then MikroORM's RequestContext", async () => {
      let scoped: unknown = null;
      const p = probe(() => (scoped = RequestContext.getEntityManager()));
      p.app.middleware.unshift((_ctx, next) => RequestContext.create(testOrm().em, next));
      await request(p.app.callback()).get('/');
      expect(scoped).to.be.an('object');
      expect(p.found()).to.equal(scoped);
    });

    it("then one fork of the ORM's EntityManager per request, never the global one", async () => {
      const p = probe();
      await request(p.app.callback()).get('/');
      expect(p.found()).to.be.an('object').and.not.equal(testOrm().em);
      expect(p.again()).to.equal(p.found());
    });

    it('gives none without a configured ORM, for validators that need no ORM', async () => {
      resetSettings();
      const p = probe();
      await request(p.app.callback()).get('/');
      expect(p.found()).to.equal(undefined);
    });
  });

  describe('writeResponse()', () => {
    it('copies status, headers and body, appending to Vary', async () => {
      const app = new Koa().use((ctx) => {
        ctx.vary('Accept');
        writeResponse(ctx, {
          status: 401,
          headers: { 'content-type': 'application/json', vary: 'Origin' },
          body: '{}',
        });
      });
      const res = await request(app.callback()).get('/');
      expect(res.status).to.equal(401);
      expect(res.headers['content-type']).to.equal('application/json');
      expect(res.headers['vary']).to.equal('Accept, Origin');
      expect(res.text).to.equal('{}');
    });

    it('keeps no Content-Type on an empty body unless the core gave one', async () => {
      const app = new Koa().use((ctx) => writeResponse(ctx, { status: 200, headers: {}, body: '' }));
      const res = await request(app.callback()).get('/');
      expect(res.status).to.equal(200);
      expect(res.headers).not.to.have.property('content-type');
    });
  });

  describe('readFormBody()', () => {
    const reader = () => {
      const app = new Koa();
      app.use(async (ctx) => {
        try {
          const text = await readFormBody(ctx);
          ctx.body = { text, kept: ctx.state[RAW_BODY_STATE_KEY] ?? null, again: await readFormBody(ctx) };
        } catch (error) {
          if (!(error instanceof OAuth2Error)) throw error;
          ctx.status = error.status;
          ctx.body = { error: error.error };
        }
      });
      return app;
    };

    it('reads a form body once and keeps the raw text on ctx.state', async () => {
      const res = await request(reader().callback()).post('/').type('form').send('a=1&a=2&b=%20');
      expect(res.body).to.deep.equal({ text: 'a=1&a=2&b=%20', kept: 'a=1&a=2&b=%20', again: 'a=1&a=2&b=%20' });
    });

    it('leaves other bodies alone (null)', async () => {
      const res = await request(reader().callback()).post('/').send({ a: 1 });
      expect(res.body.text).to.equal(null);
    });

    it('refuses a chunked body over the limit with 413 while it streams', async () => {
      const server = reader().listen(0);
      try {
        const { port } = server.address() as AddressInfo;
        const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request(
            { port, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          );
          req.on('error', reject);
          const chunk = 'a'.repeat(16 * 1024);
          for (let sent = 0; sent <= FORM_BODY_LIMIT; sent += chunk.length) req.write(chunk);
          req.end();
        });
        expect(answer.status).to.equal(413);
        expect(JSON.parse(answer.body)).to.deep.equal({ error: 'invalid_request' });
      } finally {
        server.close();
      }
    });

    it('refuses a compressed body with 415: the content coding is not one it decodes (RFC 9110 §15.5.16)', async () => {
      const res = await request(reader().callback())
        .post('/')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('Content-Encoding', 'gzip')
        .send('a=1');
      expect(res.status).to.equal(415);
      expect(res.body).to.deep.equal({ error: 'invalid_request' });
    });

    it('reads a malformed body once: a second read gives the same error, not a consumed stream', async () => {
      const app = new Koa();
      app.use(async (ctx) => {
        const statuses: number[] = [];
        for (let i = 0; i < 2; i++) {
          await readFormBody(ctx).catch((error: unknown) => {
            if (!(error instanceof OAuth2Error)) throw error;
            statuses.push(error.status);
          });
        }
        ctx.body = { statuses };
      });
      const res = await request(app.callback())
        .post('/')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .serialize((bytes: unknown) => bytes as string)
        .send(Buffer.from([0x61, 0x3d, 0xff]));
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ statuses: [400, 400] });
    });

    it("takes an older koa-body's Symbol.for('unparsedBody') copy", async () => {
      const app = reader();
      app.middleware.unshift(async (ctx, next) => {
        ctx.req.resume();
        await new Promise((resolve) => ctx.req.on('end', resolve));
        (ctx.request as { body?: unknown }).body = { a: '2', [Symbol.for('unparsedBody')]: 'a=1&a=2' };
        await next();
      });
      const res = await request(app.callback()).post('/').type('form').send('a=1&a=2');
      expect(res.body.text).to.equal('a=1&a=2');
    });
  });
});
