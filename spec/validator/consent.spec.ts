import { expect } from 'chai';
import type { Application } from '../../lib/models/application.js';
import { OAuth2Request } from '../../lib/oauth2/request.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { useTransaction } from '../helpers/db.js';
import { createAccessToken, createUser } from '../helpers/factories.js';
import { webClient } from './helpers.js';

describe('OAuth2Validator.hasConsentOnRecord (approval_prompt=auto)', () => {
  const em = useTransaction();
  const validator = new OAuth2Validator();

  function hasConsentOnRecord(user: object, application: Application, scopes: readonly string[]) {
    const request = OAuth2Request.parse({ uri: '/o/authorize/', httpMethod: 'GET', session: em() });
    return validator.hasConsentOnRecord(user, application, scopes, request);
  }

  it('is true for an application that skips authorization', async () => {
    const { user, application } = await webClient(em(), { skipAuthorization: true });
    expect(await hasConsentOnRecord(user, application, ['read', 'write'])).to.equal(true);
  });

  it('is true when a live token of the same user and client covers the scopes', async () => {
    const { user, application } = await webClient(em());
    await createAccessToken(em(), { application, user, scope: 'read write' });
    expect(await hasConsentOnRecord(user, application, ['read'])).to.equal(true);
    expect(await hasConsentOnRecord(user, application, ['read', 'write'])).to.equal(true);
    expect(await hasConsentOnRecord(user, application, ['admin'])).to.equal(false);
  });

  it('ignores expired and revoked tokens, and tokens of another user or client', async () => {
    const { user, application } = await webClient(em());
    const other = await webClient(em());
    const stranger = await createUser(em());
    await createAccessToken(em(), { application, user, expiresIn: -1 });
    const { accessToken } = await createAccessToken(em(), { application, user });
    await accessToken.revoke(em());
    await createAccessToken(em(), { application: other.application, user });
    await createAccessToken(em(), { application, user: stranger });
    expect(await hasConsentOnRecord(user, application, ['read'])).to.equal(false);
  });
});
