import { expect } from 'chai';
import { s256Challenge } from '../../../lib/oauth2/index.js';
import {
  CHALLENGE,
  SPA,
  VERIFIER,
  WEB,
  basic,
  codeParams,
  exchange,
  json,
  obtainCode,
  post,
  setup,
} from '../helpers/fixtures.js';

describe('oauth2/grants/authorization-code: token request', () => {
  it('RFC 6749 §4.1.3/§5.1: a code with the RFC 7636 Appendix B verifier gives a bearer token pair', async () => {
    const { server, validator } = setup();
    const code = await obtainCode(server);
    const res = await server.createTokenResponse(exchange(code));
    expect(res.status).to.equal(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers.pragma).to.equal('no-cache');
    const body = json(res);
    expect(body).to.include({ token_type: 'Bearer', expires_in: 36000, scope: 'read' });
    expect(body.access_token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(body.refresh_token).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(validator.isActive(body.access_token as string)).to.equal(true);
    expect(validator.codes.get(code)?.consumed).to.equal(true);
  });

  it('RFC 7636 Appendix B: S256 of the example verifier is the example challenge', () => {
    expect(s256Challenge(VERIFIER)).to.equal(CHALLENGE);
  });

  it('RFC 6749 §4.1.3: a public client redeems with client_id alone (auth method none)', async () => {
    const { server } = setup();
    const params = codeParams({ client_id: SPA.id, redirect_uri: SPA.redirect });
    const code = await obtainCode(server, params);
    const body = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: SPA.redirect,
      client_id: SPA.id,
      code_verifier: VERIFIER,
    };
    const res = await server.createTokenResponse(post(body));
    expect(res.status).to.equal(200);
  });

  it('RFC 6749 §10.5: no refresh token when the refresh_token grant is disabled', async () => {
    const { server } = setup({ grantTypesSupported: ['authorization_code'] });
    const body = json(await server.createTokenResponse(exchange(await obtainCode(server))));
    expect(body).to.not.have.property('refresh_token');
  });

  const failures: [string, (code: string) => Record<string, string>, number, string, string][] = [
    ['RFC 6749 §4.1.3: missing code', () => ({ code: '' }), 400, 'invalid_request', 'Missing code parameter.'],
    ['RFC 6749 §5.2: unknown code', () => ({ code: 'nope' }), 400, 'invalid_grant', 'Invalid authorization code.'],
    [
      'RFC 7636 §4.5: missing verifier',
      () => ({ code_verifier: '' }),
      400,
      'invalid_request',
      'Code verifier required.',
    ],
    [
      'RFC 7636 §4.6: wrong verifier',
      () => ({ code_verifier: 'x'.repeat(43) }),
      400,
      'invalid_grant',
      'Code verifier does not match the challenge.',
    ],
    [
      'RFC 7636 §4.1: malformed verifier',
      () => ({ code_verifier: 'short' }),
      400,
      'invalid_grant',
      'Code verifier does not match the challenge.',
    ],
    [
      'RFC 6749 §4.1.3, §5.2: other redirect_uri',
      () => ({ redirect_uri: 'https://client.example/other' }),
      400,
      'invalid_grant',
      'Mismatching redirect URI.',
    ],
    [
      'RFC 6749 §4.1.3, §5.2: redirect_uri omitted though it was sent',
      () => ({ redirect_uri: '' }),
      400,
      'invalid_grant',
      'Mismatching redirect URI.',
    ],
  ];
  for (const [title, change, status, code, description] of failures) {
    it(`${title} → ${status} ${code}`, async () => {
      const { server, validator } = setup();
      const issued = await obtainCode(server);
      const init = exchange(issued, change(issued));
      // An empty override stands for "parameter absent".
      init.body = (init.body ?? '').replace(/(^|&)[a-z_]+=(?=&|$)/g, '');
      const res = await server.createTokenResponse(init);
      expect(res.status).to.equal(status);
      expect(json(res)).to.deep.equal({ error: code, error_description: description });
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(validator.codes.get(issued)?.consumed).to.equal(false);
    });
  }

  it('RFC 6749 §4.1.3: a code issued to another client → invalid_grant', async () => {
    const { server, validator } = setup();
    validator.addClient({ clientId: 'other', clientSecret: 'pw', redirectUris: [WEB.redirect] });
    const code = await obtainCode(server);
    const res = await server.createTokenResponse(exchange(code, {}));
    expect(res.status).to.equal(200);
    const stolen = await obtainCode(server);
    const init = exchange(stolen);
    init.headers = { ...init.headers, Authorization: basic('other', 'pw') };
    const refused = await server.createTokenResponse(init);
    expect(json(refused)).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid authorization code.' });
  });

  it('RFC 6749 §4.1.2: an expired code → invalid_grant', async () => {
    const { server, clock } = setup();
    const code = await obtainCode(server);
    clock.advance(61);
    const res = await server.createTokenResponse(exchange(code));
    expect(json(res)).to.deep.equal({ error: 'invalid_grant', error_description: 'Authorization code expired.' });
  });

  it('RFC 6749 §4.1.3: redirect_uri may be omitted when the authorization request omitted it', async () => {
    const { server } = setup();
    const params = codeParams();
    delete params.redirect_uri;
    const code = await obtainCode(server, params);
    const init = exchange(code);
    init.body = (init.body ?? '').replace(/&redirect_uri=[^&]*/, '');
    expect((await server.createTokenResponse(init)).status).to.equal(200);
  });

  it('RFC 9700 §4.8.2: a verifier for a code issued without a challenge is a downgrade → invalid_grant', async () => {
    const { server } = setup({ pkceRequired: false });
    const params = codeParams();
    delete params.code_challenge;
    delete params.code_challenge_method;
    const code = await obtainCode(server, params);
    const res = await server.createTokenResponse(exchange(code));
    expect(json(res).error).to.equal('invalid_grant');
    const again = exchange(code);
    again.body = (again.body ?? '').replace(/&code_verifier=[^&]*/, '');
    expect((await server.createTokenResponse(again)).status).to.equal(200);
  });

  it('RFC 9700 §4.8.2: a code issued with a challenge refuses a request without verifier', async () => {
    const { server } = setup({ pkceRequired: false });
    const code = await obtainCode(server);
    const init = exchange(code);
    init.body = (init.body ?? '').replace(/&code_verifier=[^&]*/, '');
    expect(json(await server.createTokenResponse(init))).to.deep.equal({
      error: 'invalid_request',
      error_description: 'Code verifier required.',
    });
  });

  it('RFC 7636 §4.6: a plain code stops working once plain is no longer configured', async () => {
    const plain = setup({ pkceCodeChallengeMethods: ['S256', 'plain'] });
    const params = codeParams({ code_challenge: VERIFIER, code_challenge_method: 'plain' });
    const code = await obtainCode(plain.server, params);
    const record = plain.validator.codes.get(code)?.record;
    expect((await plain.server.createTokenResponse(exchange(code))).status).to.equal(200);
    const strict = setup();
    strict.validator.codes.set('c2', { record: { ...record!, code: 'c2' }, consumed: false });
    expect(json(await strict.server.createTokenResponse(exchange('c2'))).error).to.equal('invalid_grant');
  });

  it('RFC 7636 §4.5: a code without a challenge needs one when PKCE became required', async () => {
    const loose = setup({ pkceRequired: false });
    const params = codeParams();
    delete params.code_challenge;
    const code = await obtainCode(loose.server, { ...params, code_challenge_method: '' });
    const record = loose.validator.codes.get(code)?.record;
    const strict = setup();
    strict.validator.codes.set('c3', { record: { ...record!, code: 'c3' }, consumed: false });
    const init = exchange('c3');
    init.body = (init.body ?? '').replace(/&code_verifier=[^&]*/, '');
    expect(json(await strict.server.createTokenResponse(init)).error_description).to.equal('Code verifier required.');
  });

  it('RFC 6749 §4.1.2 / RFC 9700 §4.2.4: a replayed code → invalid_grant and the tokens it issued are revoked', async () => {
    const { server, validator } = setup();
    const code = await obtainCode(server);
    const first = json(await server.createTokenResponse(exchange(code)));
    const replay = await server.createTokenResponse(exchange(code));
    expect(replay.status).to.equal(400);
    expect(json(replay)).to.deep.equal({
      error: 'invalid_grant',
      error_description: 'Authorization code was already used.',
    });
    expect(validator.isActive(first.access_token as string)).to.equal(false);
    expect(validator.isActive(first.refresh_token as string)).to.equal(false);
  });

  it('RFC 9700 §4.2.4: ten concurrent redemptions give one token, and the losers revoke it', async () => {
    const { server, validator } = setup();
    const code = await obtainCode(server);
    const results = await Promise.all(Array.from({ length: 10 }, () => server.createTokenResponse(exchange(code))));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).to.have.length(1);
    for (const loser of results.filter((r) => r.status !== 200)) expect(json(loser).error).to.equal('invalid_grant');
    const token = json(winners[0]!);
    expect(validator.isActive(token.access_token as string)).to.equal(false);
    expect([...validator.accessTokens.values()].every((row) => row.revoked)).to.equal(true);
  });

  it('a code the validator no longer finds at redemption (unknown) → invalid_grant, its tokens withdrawn', async () => {
    const { server, validator } = setup();
    const code = await obtainCode(server);
    validator.consumeAuthorizationCode = async () => 'unknown';
    const res = json(await server.createTokenResponse(exchange(code)));
    expect(res).to.deep.equal({ error: 'invalid_grant', error_description: 'Invalid authorization code.' });
    expect([...validator.accessTokens.values()].map((row) => row.revoked)).to.deep.equal([true]);
    expect([...validator.refreshTokens.values()].map((row) => row.revoked)).to.deep.equal([true]);
  });

  it('RFC 6749 §5.2: a client not allowed the grant type → unauthorized_client', async () => {
    const { server, validator } = setup();
    const code = await obtainCode(server);
    validator.clients.get(WEB.id)!.grantTypes = ['client_credentials'];
    const body = json(await server.createTokenResponse(exchange(code)));
    expect(body.error).to.equal('unauthorized_client');
  });

  it('oauthlib §11.4: checks run in order: missing code before client authentication', async () => {
    const { server } = setup();
    const res = await server.createTokenResponse(
      post({ grant_type: 'authorization_code' }, { Authorization: basic('x', 'y') }),
    );
    expect(json(res).error).to.equal('invalid_request');
    const bad = await server.createTokenResponse(
      post({ grant_type: 'authorization_code', code: 'nope' }, { Authorization: basic('x', 'y') }),
    );
    expect(bad.status).to.equal(401);
    expect(json(bad).error).to.equal('invalid_client');
  });
});
