/**
 * AuthorizationView's error paths (dot-inventory §1.1, RFC 6749 §4.1.2.1, RFC 9700 §4.11): fatal errors render the
 * 400 page and never redirect; the others redirect to the validated redirect URI with the error, state and iss.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request from 'supertest';

import {
  AUTHORIZE_SETTINGS,
  buildAuthorizeApp,
  CHALLENGE,
  ISSUER,
  REDIRECT,
  type Session,
} from '../helpers/authorize.js';
import { useTransaction } from '../helpers/db.js';
import { createApplication, createUser } from '../helpers/factories.js';

/** Build the query from pairs, so that a test can repeat or leave out any parameter. */
function pathOf(pairs: readonly (readonly [string, string])[]): string {
  return `/o/authorize/?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

function basePairs(clientId: string): [string, string][] {
  return [
    ['client_id', clientId],
    ['response_type', 'code'],
    ['redirect_uri', REDIRECT],
    ['scope', 'read'],
    ['state', 'st'],
    ['code_challenge', CHALLENGE],
    ['code_challenge_method', 'S256'],
  ];
}

function expectFatalPage(res: request.Response, description: string): void {
  expect(res.status, res.text).to.equal(400);
  expect(res.headers['location']).to.equal(undefined);
  expect(res.headers['content-type']).to.match(/^text\/html/);
  expect(res.headers['x-frame-options']).to.equal('DENY');
  expect(res.headers['cache-control']).to.equal('no-store');
  expect(res.text).to.include('<h2>Error: invalid_request</h2>');
  expect(res.text).to.include(`<p>${description}</p>`);
  expect(res.text).not.to.include('id="authorizationForm"');
}

function expectErrorRedirect(
  res: request.Response,
  error: string,
  mode: 'query' | 'fragment' = 'query',
): URLSearchParams {
  expect(res.status, res.text).to.equal(302);
  const location = res.headers['location'] as string;
  const separator = mode === 'query' ? '?' : '#';
  expect(location.startsWith(`${REDIRECT}${separator}`), location).to.equal(true);
  const params = new URLSearchParams(location.slice(REDIRECT.length + 1));
  expect(params.get('error')).to.equal(error);
  expect(params.get('state')).to.equal('st');
  expect(params.get('iss')).to.equal(ISSUER);
  expect(params.has('code')).to.equal(false);
  return params;
}

describe('AuthorizationView: errors', function () {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });
  const session: Session = { user: null };
  let app: Koa;
  let clientId: string;

  beforeEach(async function () {
    session.user = await createUser(em());
    app = buildAuthorizeApp(em, session);
    clientId = (await createApplication(em())).application.clientId;
  });

  const get = (pairs: readonly (readonly [string, string])[]) => request(app.callback()).get(pathOf(pairs));
  const without = (name: string) => basePairs(clientId).filter(([k]) => k !== name);
  const replacing = (name: string, value: string) =>
    basePairs(clientId).map(([k, v]): [string, string] => [k, k === name ? value : v]);

  describe('fatal: the 400 page, never a redirect', function () {
    it('missing client_id', async function () {
      expectFatalPage(await get(without('client_id')), 'Missing client_id parameter.');
    });

    it('unknown client_id', async function () {
      expectFatalPage(await get(replacing('client_id', 'unknown')), 'Invalid client_id parameter value.');
    });

    it('mismatching redirect_uri', async function () {
      expectFatalPage(
        await get(replacing('redirect_uri', 'https://client.example/other')),
        'Mismatching redirect URI.',
      );
    });

    it('a relative redirect_uri', async function () {
      expectFatalPage(await get(replacing('redirect_uri', '/cb')), 'Invalid redirect URI.');
    });

    it('a duplicated parameter', async function () {
      expectFatalPage(await get([...basePairs(clientId), ['state', 'again']]), 'Duplicate state parameter.');
    });

    it('a duplicated client_id', async function () {
      expectFatalPage(await get([...basePairs(clientId), ['client_id', clientId]]), 'Duplicate client_id parameter.');
    });

    it('escapes what the page shows', async function () {
      const res = await get(replacing('client_id', '<script>x</script>'));
      expect(res.status).to.equal(400);
      expect(res.text).not.to.include('<script>x</script>');
    });
  });

  describe('redirected to the client with state and iss', function () {
    it('missing response_type → invalid_request', async function () {
      expectErrorRedirect(await get(without('response_type')), 'invalid_request');
    });

    it('unknown response_type → unsupported_response_type', async function () {
      expectErrorRedirect(await get(replacing('response_type', 'magic')), 'unsupported_response_type');
    });

    it('response_type token while the implicit flow is off → unsupported_response_type in the fragment', async function () {
      expectErrorRedirect(await get(replacing('response_type', 'token')), 'unsupported_response_type', 'fragment');
    });

    it('unknown scope → invalid_scope', async function () {
      expectErrorRedirect(await get(replacing('scope', 'admin')), 'invalid_scope');
    });

    it('missing code_challenge while PKCE is required → invalid_request', async function () {
      const pairs = without('code_challenge').filter(([k]) => k !== 'code_challenge_method');
      const params = expectErrorRedirect(await get(pairs), 'invalid_request');
      expect(params.get('error_description')).to.equal('Code challenge required.');
    });

    it('code_challenge_method plain (only S256 allowed) → invalid_request', async function () {
      expectErrorRedirect(await get(replacing('code_challenge_method', 'plain')), 'invalid_request');
    });
  });

  describe('HTTP', function () {
    it('never answers CORS, not even a preflight', async function () {
      const origin = 'https://client.example';
      const res = await request(app.callback())
        .get(pathOf(basePairs(clientId)))
        .set('Origin', origin);
      expect(res.status).to.equal(200);
      expect(res.headers['access-control-allow-origin']).to.equal(undefined);
      const preflight = await request(app.callback())
        .options('/o/authorize/')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).to.equal(undefined);
      expect(preflight.headers['access-control-allow-methods']).to.equal(undefined);
    });

    it('answers 405 with Allow for a method it does not handle', async function () {
      const res = await request(app.callback()).put('/o/authorize/');
      expect(res.status).to.equal(405);
      expect(res.headers['allow']).to.include('GET');
      expect(res.headers['allow']).to.include('POST');
    });

    it('an oversized form body → an error page, not a 500', async function () {
      const res = await request(app.callback())
        .post('/o/authorize/')
        .type('form')
        .send(`state=${'a'.repeat(70 * 1024)}`);
      expect(res.status).to.equal(413);
      expect(res.headers['location']).to.equal(undefined);
      expect(res.text).to.include('<h2>Error: invalid_request</h2>');
    });
  });
});
