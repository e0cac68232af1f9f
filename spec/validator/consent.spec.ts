import { expect } from 'chai';
import { hasConsentOnRecord } from '../../lib/validator.js';
import { useTransaction } from '../helpers/db.js';
import { createAccessToken, createUser } from '../helpers/factories.js';
import { webClient } from './helpers.js';

describe('hasConsentOnRecord (approval_prompt=auto)', () => {
  const em = useTransaction();

  it('is true for an application that skips authorization', async () => {
    const { user, application } = await webClient(em(), { skipAuthorization: true });
    expect(await hasConsentOnRecord(em(), user, application, ['read', 'write'])).to.equal(true);
  });

  it('is true when a live token of the same user and client covers the scopes', async () => {
    const { user, application } = await webClient(em());
    await createAccessToken(em(), { application, user, scope: 'read write' });
    expect(await hasConsentOnRecord(em(), user, application, ['read'])).to.equal(true);
    expect(await hasConsentOnRecord(em(), user, application, ['read', 'write'])).to.equal(true);
    expect(await hasConsentOnRecord(em(), user, application, ['admin'])).to.equal(false);
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
    expect(await hasConsentOnRecord(em(), user, application, ['read'])).to.equal(false);
  });
});
