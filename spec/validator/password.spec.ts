import { expect } from 'chai';
import type { Context } from 'koa';
import { configure } from '../../lib/settings.js';
import { testOrm, useTransaction } from '../helpers/db.js';
import { createUser } from '../helpers/factories.js';
import type { User } from '../helpers/user-entity.js';
import { basic } from '../helpers/basic-auth.js';
import { Harness, json, webClient } from './helpers.js';

describe('OAuth2Validator: validateUser (password grant)', () => {
  const em = useTransaction();
  let alice: User;
  let bob: User;
  let seen: unknown;
  const login = (h: Harness, client: { id: string; secret: string }, username: string, password: string) =>
    h.server.createTokenResponse(
      h.post({ grant_type: 'password', username, password }, { authorization: basic(client.id, client.secret) }),
    );

  beforeEach(async () => {
    alice = await createUser(em(), { username: `alice-${Date.now()}`, password: 'secret' });
    bob = await createUser(em(), { username: `bob-${Date.now()}`, password: 'secret', isActive: false });
    configure({
      orm: testOrm(),
      grantTypesSupported: ['password', 'refresh_token'],
      authenticateUser: (username: string, password: string, ctx: Context) => {
        seen = ctx.state['em'];
        return [alice, bob].find((u) => u.username === username && u.password === password) ?? null;
      },
    });
  });

  it('issues tokens to the user the authenticateUser setting returns', async () => {
    const h = new Harness(em);
    const { client } = await webClient(em(), { authorizationGrantType: 'password' });
    const body = json(await login(h, client, alice.username, 'secret'));
    const verified = await h.server.verifyRequest(
      {
        uri: '/api',
        httpMethod: 'GET',
        headers: { authorization: `Bearer ${String(body.access_token)}` },
        session: em(),
      },
      [],
    );
    expect((verified.request?.user as User).id).to.equal(alice.id);
    expect(body.refresh_token).to.be.a('string');
    expect(seen, "the hook finds the request's EntityManager on ctx.state.em").to.equal(em());
  });

  it('refuses a wrong password and an inactive user with invalid_grant', async () => {
    const h = new Harness(em);
    const { client } = await webClient(em(), { authorizationGrantType: 'password' });
    expect(json(await login(h, client, alice.username, 'nope'), 400).error).to.equal('invalid_grant');
    expect(bob.isActive).to.equal(false);
    expect(json(await login(h, client, bob.username, 'secret'), 400).error).to.equal('invalid_grant');
  });

  it('refuses everyone when no authenticateUser is configured', async () => {
    configure({ orm: testOrm(), grantTypesSupported: ['password'] });
    const h = new Harness(em);
    const { client } = await webClient(em(), { authorizationGrantType: 'password' });
    expect(json(await login(h, client, alice.username, 'secret'), 400).error).to.equal('invalid_grant');
  });
});
