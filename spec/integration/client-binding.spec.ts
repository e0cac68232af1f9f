/**
 * RFC 6749 §4.1.3, §6 and §10.5 over HTTP on the real database: a code or refresh token belongs to its client.
 * Another client (public with no secret, or confidential with its own secret) presenting client A's redeemed code
 * or rotated refresh token gets `invalid_grant`, and A's tokens keep working; A's own replay still revokes them.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';
import type { Application } from '../../lib/models/application.js';
import { ProtectedResourceView } from '../../lib/views/generic.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { CHALLENGE, REDIRECT, VERIFIER } from '../helpers/authorize.js';
import { basic } from '../helpers/basic-auth.js';
import { createApplication, createGrant, createUser } from '../helpers/factories.js';
import { configure } from '../../lib/settings.js';

/** Any valid bearer token passes. */
class Api extends ProtectedResourceView {
  async get(): Promise<void> {
    this.ctx.body = { ok: true };
  }
}

type Form = Record<string, string>;
type Send = (app: Koa, form: Form) => request.Test;

describe('client binding of codes and refresh tokens (RFC 6749 §4.1.3, §6, §10.5) through /o/token/', () => {
  const em = useTransaction();
  let app: Koa;
  let owner: { application: Application; secret: string };
  const intruders: [string, () => Promise<Send>][] = [
    [
      'a public client with no secret',
      async () => {
        const { application } = await createApplication(em(), { clientType: 'public' });
        return (a, form) => token(a, { ...form, client_id: application.clientId });
      },
    ],
    [
      'a confidential client with its own secret',
      async () => {
        const { application, clientSecret } = await createApplication(em());
        return (a, form) => token(a, form).set('Authorization', basic(application.clientId, clientSecret));
      },
    ],
  ];

  beforeEach(async () => {
    app = buildApp({ em, routes: (router) => router.all('api', '/api', Api.asView()) });
    const { application, clientSecret } = await createApplication(em());
    owner = { application, secret: clientSecret };
  });

  const token = (a: Koa, form: Form) => request(a.callback()).post('/o/token/').type('form').send(form);
  const asOwner = (form: Form) =>
    token(app, form).set('Authorization', basic(owner.application.clientId, owner.secret));
  const refresh = (value: unknown): Form => ({ grant_type: 'refresh_token', refresh_token: String(value) });

  /** Issue a code to the owner (PKCE S256) and redeem it; return the code and the owner's pair. */
  async function redeemed(): Promise<{ code: string; form: Form; pair: Record<string, unknown> }> {
    const user = await createUser(em());
    const { code } = await createGrant(em(), {
      application: owner.application,
      user,
      scope: 'read write',
      codeChallenge: CHALLENGE,
      codeChallengeMethod: 'S256',
    });
    const form = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: VERIFIER };
    const res = await asOwner(form);
    expect(res.status, res.text).to.equal(200);
    return { code, form, pair: res.body as Record<string, unknown> };
  }

  async function accessWorks(accessToken: unknown): Promise<boolean> {
    const res = await request(app.callback())
      .get('/api')
      .set('Authorization', `Bearer ${String(accessToken)}`);
    return res.status === 200;
  }

  function expectInvalidGrant(res: request.Response): void {
    expect(res.status, res.text).to.equal(400);
    expect(res.body.error).to.equal('invalid_grant');
  }

  for (const [who, intruder] of intruders) {
    it(`${who} presenting the owner's redeemed code: invalid_grant, the owner's tokens still work`, async () => {
      const send = await intruder();
      const { form, pair } = await redeemed();
      expectInvalidGrant(await send(app, form));
      expect(await accessWorks(pair.access_token), "the owner's access token").to.equal(true);
      const refreshed = await asOwner(refresh(pair.refresh_token));
      expect(refreshed.status, "the owner's refresh token").to.equal(200);
      expect(await accessWorks(refreshed.body.access_token)).to.equal(true);
      // The owner's own replay still revokes everything the code issued (RFC 9700 §4.2.4).
      expectInvalidGrant(await asOwner(form));
      expect(await accessWorks(refreshed.body.access_token)).to.equal(false);
    });

    it(`${who} presenting the owner's rotated refresh token: invalid_grant, the new pair still works`, async () => {
      const send = await intruder();
      const { pair } = await redeemed();
      const second = await asOwner(refresh(pair.refresh_token));
      expect(second.status).to.equal(200);
      expectInvalidGrant(await send(app, refresh(pair.refresh_token)));
      expect(await accessWorks(second.body.access_token)).to.equal(true);
      const third = await asOwner(refresh(second.body.refresh_token));
      expect(third.status, "the owner's current refresh token").to.equal(200);
      // The owner's own replay still revokes the family (RFC 9700 §4.14.2).
      expectInvalidGrant(await asOwner(refresh(pair.refresh_token)));
      expect(await accessWorks(third.body.access_token)).to.equal(false);
    });

    it(`${who} repeating the owner's rotated refresh token in the grace window: no pair, nothing revoked`, async () => {
      configure({ orm: testOrm(), refreshTokenGracePeriodSeconds: 60, refreshTokenGraceKey: 'k'.repeat(32) });
      const send = await intruder();
      const { pair } = await redeemed();
      const second = await asOwner(refresh(pair.refresh_token));
      const res = await send(app, refresh(pair.refresh_token));
      expectInvalidGrant(res);
      expect(res.body).to.not.have.property('access_token');
      expect(await accessWorks(second.body.access_token)).to.equal(true);
      expect((await asOwner(refresh(second.body.refresh_token))).status).to.equal(200);
    });
  }
});
