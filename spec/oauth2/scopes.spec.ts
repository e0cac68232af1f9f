/**
 * RFC 6749 §3.3, one rule: `scope = scope-token *( SP scope-token )`, the order carries no meaning and neither do
 * duplicates. A scope string outside that grammar (doubled, leading or trailing spaces, tabs) is `invalid_scope`
 * ("invalid, unknown, or malformed", §4.1.2.1, §5.2), at the authorization and the token endpoint alike, and what
 * is stored and answered is always the canonical form: each scope once, separated by one space.
 */
import { expect } from 'chai';
import { joinScope, splitScope } from '../../lib/oauth2/index.js';
import {
  WEB,
  authorize,
  basic,
  codeParams,
  json,
  obtainTokens,
  post,
  redirectParams,
  setup,
} from './helpers/fixtures.js';

const auth = { Authorization: basic(WEB.id, WEB.secret) };
const clientCredentials = (scope: string) => post({ grant_type: 'client_credentials', scope }, auth);
const MALFORMED = ['read  write', 'read\twrite', ' read', 'read ', 'read\nwrite', '\u00a0read'];

describe('oauth2/scopes (RFC 6749 §3.3)', () => {
  it('splits on single spaces, each scope once, in order of first appearance', () => {
    expect(splitScope('write read write')).to.deep.equal(['write', 'read']);
    expect(splitScope(null)).to.deep.equal([]);
    expect(splitScope('')).to.deep.equal([]);
  });

  it('keeps what the grammar refuses visible, so that it is refused rather than silently mended', () => {
    expect(splitScope('read  write')).to.deep.equal(['read', '', 'write']);
    expect(splitScope('read\twrite')).to.deep.equal(['read\twrite']);
  });

  it('joins canonically: each scope once, one space between', () => {
    expect(joinScope(['read', 'write', 'read'])).to.equal('read write');
  });

  for (const scope of MALFORMED) {
    it(`a token request with the malformed scope ${JSON.stringify(scope)} → 400 invalid_scope`, async () => {
      const { server } = setup();
      const res = await server.createTokenResponse(clientCredentials(scope));
      expect(res.status).to.equal(400);
      expect(json(res).error).to.equal('invalid_scope');
    });
  }

  it('an authorization request with a malformed scope → invalid_scope, redirected with state', async () => {
    const { server } = setup();
    let error: { error?: string; state?: string | null } = {};
    try {
      await server.validateAuthorizationRequest(authorize(codeParams({ scope: 'read  write' })));
    } catch (thrown) {
      error = thrown as typeof error;
    }
    expect(error.error).to.equal('invalid_scope');
    expect(error.state).to.equal('xyz');
  });

  it('a consent round trip with a malformed scope → a redirect with invalid_scope, no code', async () => {
    const { server } = setup();
    const { credentials } = await server.validateAuthorizationRequest(authorize(codeParams()));
    const res = await server.createAuthorizationResponse(authorize(codeParams()), splitScope('read  write'), {
      ...credentials,
      user: { id: 1 },
    });
    const params = redirectParams(res, 'query');
    expect(params.get('error')).to.equal('invalid_scope');
    expect(params.get('code')).to.equal(null);
  });

  it('a refresh with a malformed scope → invalid_scope, the refresh token unspent', async () => {
    const { server, validator } = setup();
    const first = await obtainTokens(server);
    const refresh = post(
      { grant_type: 'refresh_token', refresh_token: String(first.refresh_token), scope: 'read ' },
      auth,
    );
    const res = await server.createTokenResponse(refresh);
    expect(json(res).error).to.equal('invalid_scope');
    expect(validator.isActive(first.refresh_token as string)).to.equal(true);
  });

  it('duplicates carry no meaning: granted and answered once', async () => {
    const { server } = setup();
    const token = json(await server.createTokenResponse(clientCredentials('write read write')));
    expect(token.scope).to.equal('write read');
  });

  it('scopes from a validator hook are written canonically too (each once)', async () => {
    const { server, validator } = setup();
    validator.getDefaultScopes = async () => ['read', 'write', 'read'];
    const res = await server.createTokenResponse(post({ grant_type: 'client_credentials' }, auth));
    const token = json(res);
    expect(token.scope).to.equal('read write');
    expect(validator.accessTokens.get(token.access_token as string)?.scopes).to.deep.equal(['read', 'write']);
  });
});
