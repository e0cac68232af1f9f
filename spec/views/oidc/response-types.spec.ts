/**
 * Multiple-valued response types (OAuth 2.0 Multiple Response Type Encoding Practices §5: the order of the values
 * does not matter) at the authorization endpoint and in the application's allowed response types, while discovery
 * stays canonical; and the hybrid `code id_token token` response's access token
 * linked to the ID token issued with it, as the code flow's is (OIDC Core §3.3).
 */
import { expect } from 'chai';
import { decodeJwt } from 'jose';
import request from 'supertest';

import { tokenChecksum } from '../../../lib/models/checksum.js';
import { AccessToken, IDToken } from '../../../lib/models/index.js';
import { useTransaction } from '../../helpers/db.js';
import {
  authorizePath,
  buildOidcApp,
  emptySession,
  halfHash,
  login,
  oidcClient,
  oidcSettings,
  redirectParams,
  verifyWithPublishedJwks,
} from './helpers.js';

const HYBRID = ['code', 'code id_token', 'code token', 'code id_token token'];

describe('OIDC response types: a set of values, in any order', () => {
  const session = emptySession();
  const em = useTransaction({ settings: oidcSettings(session, { responseTypesSupported: HYBRID }) });

  for (const [sent, canonical] of [
    ['id_token code', 'code id_token'],
    ['token code', 'code token'],
    ['token id_token code', 'code id_token token'],
    ['id_token token code', 'code id_token token'],
  ] as const) {
    it(`takes response_type=${sent} for ${canonical}: the hybrid response in the fragment`, async () => {
      const { user, application } = await oidcClient(em(), { authorizationGrantType: 'openid-hybrid' });
      login(session, user);
      const app = buildOidcApp(em, session);
      const res = await request(app.callback()).get(authorizePath(application.clientId, { response_type: sent }));
      expect(res.status, res.text).to.equal(302);
      const params = redirectParams(res, 'fragment');
      expect(params.get('error'), params.toString()).to.equal(null);
      const code = params.get('code') ?? '';
      expect(code).to.not.equal('');
      expect(params.has('id_token')).to.equal(canonical.includes('id_token'));
      expect(params.has('access_token')).to.equal(canonical.endsWith('token') && canonical !== 'code id_token');
      if (params.has('id_token')) {
        const claims = await verifyWithPublishedJwks(app, params.get('id_token') ?? '', application.clientId);
        expect(claims.c_hash).to.equal(halfHash(code));
      }
    });
  }

  it('refuses a response type no grant serves, whatever its order (unsupported_response_type)', async () => {
    const { user, application } = await oidcClient(em(), { authorizationGrantType: 'openid-hybrid' });
    login(session, user);
    const app = buildOidcApp(em, session);
    for (const sent of ['id_token code code', 'code  id_token', 'id_token token']) {
      const res = await request(app.callback()).get(authorizePath(application.clientId, { response_type: sent }));
      const params = redirectParams(res, 'fragment');
      expect(params.get('error'), sent).to.equal('unsupported_response_type');
      expect(params.get('code'), sent).to.equal(null);
    }
  });

  it('links the access token of a hybrid code id_token token response to its ID token', async () => {
    const { user, application } = await oidcClient(em(), { authorizationGrantType: 'openid-hybrid' });
    login(session, user);
    const app = buildOidcApp(em, session);
    const path = authorizePath(application.clientId, { response_type: 'code id_token token' });
    const params = redirectParams(await request(app.callback()).get(path), 'fragment');
    const { jti } = decodeJwt(params.get('id_token') ?? '');
    const idToken = await em().findOneOrFail(IDToken, { jti } as never, { refresh: true });
    const accessToken = await em().findOneOrFail(
      AccessToken,
      { tokenChecksum: tokenChecksum(params.get('access_token') ?? '') },
      { refresh: true },
    );
    expect(accessToken.idToken?.id).to.equal(idToken.id);
  });

  it('discovery lists each enabled response type once, in its canonical spelling', async () => {
    const app = buildOidcApp(em, session);
    const discovery = await request(app.callback()).get('/o/.well-known/openid-configuration');
    expect(discovery.body.response_types_supported).to.deep.equal(HYBRID);
  });
});
