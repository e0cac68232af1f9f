import { expect } from 'chai';
import request from 'supertest';
import { useTransaction } from '../helpers/db.js';
import { buildApp } from '../helpers/app.js';
import { createApplication, createUser } from '../helpers/factories.js';
import { User } from '../helpers/user-entity.js';
import type { Context } from 'koa';
import type { OAuth2SettingsInput } from '../../lib/settings/types.js';
import { basic } from '../helpers/basic-auth.js';

describe('resource owner password credentials grant (RFC 6749 §4.3) through /o/token/', () => {
  const em = useTransaction();
  const seenPaths: string[] = [];

  function settings(enabled: boolean): Partial<OAuth2SettingsInput> {
    return {
      grantTypesSupported: enabled ? ['authorization_code', 'refresh_token', 'password'] : ['authorization_code'],
      // The app's check: a fixed password for the spec's users, looked up in the spec's transaction.
      authenticateUser: async (username: string, password: string, ctx: Context) => {
        seenPaths.push(ctx.path);
        return password === 'correct horse' ? em().findOne(User, { username }) : null;
      },
    };
  }

  async function post(enabled: boolean, body: Record<string, string>, clientType = 'confidential') {
    const { application, clientSecret } = await createApplication(em(), {
      authorizationGrantType: 'password',
      clientType: clientType as 'public',
    });
    const req = request(buildApp({ em, settings: settings(enabled) }).callback()).post('/o/token/');
    if (clientType === 'confidential') req.set('Authorization', basic(application.clientId, clientSecret));
    else body = { ...body, client_id: application.clientId };
    return req.type('form').send({ grant_type: 'password', ...body });
  }

  it('issues a pair for the right password once enabled in the settings', async () => {
    const user = await createUser(em());
    const res = await post(true, { username: user.username, password: 'correct horse', scope: 'read' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ token_type: 'Bearer', scope: 'read' });
    expect(res.body.refresh_token).to.be.a('string');
  });

  it("hands the app's authenticateUser hook the request's own Koa context", async () => {
    const user = await createUser(em());
    seenPaths.length = 0;
    await post(true, { username: user.username, password: 'correct horse' });
    expect(seenPaths).to.deep.equal(['/o/token/']);
  });

  it('lets a public client use it with its client_id alone (DOT quirk 5)', async () => {
    const user = await createUser(em());
    const res = await post(true, { username: user.username, password: 'correct horse' }, 'public');
    expect(res.status).to.equal(200);
  });

  it('refuses a wrong password with invalid_grant', async () => {
    const user = await createUser(em());
    const res = await post(true, { username: user.username, password: 'wrong' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_grant');
  });

  it('is refused with unsupported_grant_type while not enabled (the default)', async () => {
    const user = await createUser(em());
    const res = await post(false, { username: user.username, password: 'correct horse' });
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('unsupported_grant_type');
  });
});
