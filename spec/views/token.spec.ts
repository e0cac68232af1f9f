import { OAuth2Validator } from '../../lib/validator.js';
import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import type Koa from 'koa';
import { koaBody } from 'koa-body';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createApplication } from '../helpers/factories.js';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { APP_AUTHORIZED, type AppAuthorizedEvent } from '../../lib/events.js';
import type { AccessToken } from '../../lib/models/access-token.js';
import { basic } from '../helpers/basic-auth.js';

describe('TokenView', () => {
  const em = useTransaction();

  async function client() {
    return createApplication(em(), { authorizationGrantType: 'client-credentials' });
  }

  it('answers GET with 405 and Allow: POST, OPTIONS', async () => {
    const res = await request(buildApp({ em }).callback()).get('/o/token/');
    expect(res.status).to.equal(405);
    expect(res.headers['allow']).to.equal('POST, OPTIONS');
  });

  it('refuses a JSON body with 400 invalid_request', async () => {
    const { application, clientSecret } = await client();
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .send({ grant_type: 'client_credentials' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
  });

  it('refuses credentials in the query string with 400 invalid_request', async () => {
    const { application, clientSecret } = await client();
    const query = new URLSearchParams({ client_id: application.clientId, client_secret: clientSecret });
    const res = await request(buildApp({ em }).callback())
      .post(`/o/token/?${query}`)
      .type('form')
      .send('grant_type=client_credentials');
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
    expect(res.body).not.to.have.property('access_token');
  });

  it('refuses a duplicated parameter with 400 invalid_request (DOT keeps the last one)', async () => {
    const { application, clientSecret } = await client();
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send('grant_type=client_credentials&scope=read&scope=write');
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ error: 'invalid_request', error_description: 'Duplicate scope parameter.' });
  });

  it('answers an oversized body with 413 invalid_request JSON', async () => {
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .type('form')
      .send(`grant_type=client_credentials&pad=${'a'.repeat(70 * 1024)}`);
    expect(res.status).to.equal(413);
    expect(res.body.error).to.equal('invalid_request');
    expect(res.headers['content-type']).to.match(/^application\/json/);
  });

  it('answers a malformed body with 400 invalid_request, never a 500', async () => {
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .type('form')
      .send('grant_type=client_credentials&scope=%zz');
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
  });

  it('answers a body that is not UTF-8 with 400 invalid_request', async () => {
    const res = await request(buildApp({ em }).callback())
      .post('/o/token/')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send(Buffer.from([0x67, 0x3d, 0xff, 0xfe]));
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_request');
  });

  describe('events', () => {
    it('emits app_authorized with the stored token and its application after a 200', async () => {
      const events = new EventEmitter();
      const seen: AppAuthorizedEvent[] = [];
      events.on(APP_AUTHORIZED, (event: AppAuthorizedEvent) => seen.push(event));
      const { application, clientSecret } = await client();
      const res = await request(buildApp({ em, settings: { events } }).callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.status).to.equal(200);
      expect(seen).to.have.length(1);
      const token = seen[0]!.token as AccessToken;
      expect(token.constructor.name).to.equal('AccessToken');
      expect(token.application?.id).to.equal(application.id);
      expect((seen[0]!.application as { id: number }).id).to.equal(application.id);
      expect(seen[0]!.ctx.path).to.equal('/o/token/');
    });

    it("takes app_authorized's token from the validator (getIssuedAccessToken), so a validator subclass decides it", async () => {
      class AuditValidator extends OAuth2Validator {
        override async getIssuedAccessToken(accessToken: string) {
          return { token: { audited: accessToken.length }, application: 'from-the-validator' };
        }
      }
      const events = new EventEmitter();
      const seen: AppAuthorizedEvent[] = [];
      events.on(APP_AUTHORIZED, (event: AppAuthorizedEvent) => seen.push(event));
      const { application, clientSecret } = await client();
      const settings = { events, oauth2ValidatorClass: AuditValidator };
      const res = await request(buildApp({ em, settings }).callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.status).to.equal(200);
      expect(seen.map((event) => [event.token, event.application])).to.deep.equal([
        [{ audited: (res.body.access_token as string).length }, 'from-the-validator'],
      ]);
    });

    it('emits nothing for an error answer', async () => {
      const events = new EventEmitter();
      let count = 0;
      events.on(APP_AUTHORIZED, () => (count += 1));
      const { application } = await client();
      const res = await request(buildApp({ em, settings: { events } }).callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, 'wrong'))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.status).to.equal(401);
      expect(count).to.equal(0);
    });

    it('keeps the 200 when a listener throws, and reports it to the logger', async () => {
      const events = new EventEmitter();
      events.on(APP_AUTHORIZED, () => {
        throw new Error('listener bug');
      });
      const errors: string[] = [];
      const logger = { warn: () => undefined, error: (message: string) => errors.push(message) };
      const { application, clientSecret } = await client();
      const res = await request(buildApp({ em, settings: { events, logger } }).callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(res.status).to.equal(200);
      expect(errors).to.have.length(1);
      expect(errors[0]).to.include('app_authorized').and.not.include(res.body.access_token);
    });
  });

  describe('behind an app-wide koa-body', () => {
    it('reads the raw form from includeUnparsed, so duplicates are still refused', async () => {
      const { application, clientSecret } = await client();
      const app = buildApp({ em, middleware: [koaBody({ includeUnparsed: true })] });
      const ok = await request(app.callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect(ok.status).to.equal(200);
      const dupe = await request(app.callback())
        .post('/o/token/')
        .set('Authorization', basic(application.clientId, clientSecret))
        .type('form')
        .send('grant_type=client_credentials&grant_type=password');
      expect(dupe.status).to.equal(400);
      expect(dupe.body.error).to.equal('invalid_request');
    });

    it('throws ImproperlyConfigured at the first request when koa-body keeps no raw copy', async () => {
      const app: Koa = buildApp({ em, middleware: [koaBody()] });
      const errors: unknown[] = [];
      app.on('error', (error: unknown) => errors.push(error));
      const res = await request(app.callback()).post('/o/token/').type('form').send({ grant_type: 'x' });
      expect(res.status).to.equal(500);
      expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
      expect((errors[0] as Error).message).to.include('includeUnparsed');
    });
  });
});
