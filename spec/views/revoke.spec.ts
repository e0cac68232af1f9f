import { EventEmitter } from 'node:events';
import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createAccessToken, createApplication, createRefreshToken, createUser } from '../helpers/factories.js';
import { TOKEN_REVOKED, type TokenRevokedEvent } from '../../lib/events.js';
import { basic } from '../helpers/basic-auth.js';

describe('RevokeTokenView events', () => {
  const em = useTransaction();

  async function revokeWithListener(body: (app: { id: number }) => Promise<Record<string, string>>) {
    const events = new EventEmitter();
    const seen: TokenRevokedEvent[] = [];
    events.on(TOKEN_REVOKED, (event: TokenRevokedEvent) => seen.push(event));
    const { application, clientSecret } = await createApplication(em());
    const res = await request(buildApp({ em, settings: { events } }).callback())
      .post('/o/revoke_token/')
      .set('Authorization', basic(application.clientId, clientSecret))
      .type('form')
      .send(await body(application));
    return { res, seen, application };
  }

  it('emits token_revoked with the access token entity and its application', async () => {
    const { res, seen, application } = await revokeWithListener(async (app) => ({
      token: (await createAccessToken(em(), { application: app as never })).token,
    }));
    expect(res.status).to.equal(200);
    expect(seen).to.have.length(1);
    expect(seen[0]!.tokenType).to.equal('access_token');
    expect((seen[0]!.token as { revoked: Date | null }).revoked).to.be.instanceOf(Date);
    expect((seen[0]!.application as { id: number }).id).to.equal(application.id);
  });

  it('names a refresh token as such', async () => {
    const user = await createUser(em());
    const { seen } = await revokeWithListener(async (app) => ({
      token: (await createRefreshToken(em(), { application: app as never, user })).token,
    }));
    expect(seen[0]!.tokenType).to.equal('refresh_token');
  });

  it('emits nothing for an unknown token, which still answers 200', async () => {
    const { res, seen } = await revokeWithListener(async () => ({ token: 'never-issued' }));
    expect(res.status).to.equal(200);
    expect(seen).to.have.length(0);
  });

  it("emits nothing when a public client's silent 200 leaves another client's token alone", async () => {
    const events = new EventEmitter();
    let count = 0;
    events.on(TOKEN_REVOKED, () => (count += 1));
    const owner = await createApplication(em());
    const { token } = await createAccessToken(em(), { application: owner.application });
    const { application } = await createApplication(em(), { clientType: 'public' });
    const res = await request(buildApp({ em, settings: { events } }).callback())
      .post('/o/revoke_token/')
      .type('form')
      .send({ token, client_id: application.clientId });
    expect(res.status).to.equal(200);
    expect(count).to.equal(0);
  });

  it('emits nothing for a refused request', async () => {
    const events = new EventEmitter();
    let count = 0;
    events.on(TOKEN_REVOKED, () => (count += 1));
    const res = await request(buildApp({ em, settings: { events } }).callback())
      .post('/o/revoke_token/')
      .type('form')
      .send({ token: 'x' });
    expect(res.status).to.equal(401);
    expect(count).to.equal(0);
  });
});
