import { expect } from 'chai';
import { getAllScopes, getAvailableScopes, getDefaultScopes } from '../../lib/scopes.js';
import { configure } from '../../lib/settings.js';
import { getTestOrm } from '../helpers/db.js';

describe('scopes backend (lib/scopes.ts, DOT SettingsScopes)', () => {
  const scopes = { read: 'Reading scope', write: 'Writing scope', openid: 'OpenID Connect' };
  beforeEach(async () => {
    configure({ orm: await getTestOrm(), scopes, defaultScopes: ['read'] });
  });

  it('returns every scope with its description', () => {
    expect(getAllScopes()).to.deep.equal(scopes);
  });

  it('offers every scope to an application without allowedScopes', () => {
    expect(getAvailableScopes()).to.deep.equal(['read', 'write', 'openid']);
    expect(getAvailableScopes({ allowedScopes: [] })).to.deep.equal(['read', 'write', 'openid']);
  });

  it('narrows to an application’s allowedScopes, dropping unknown ones', () => {
    expect(getAvailableScopes({ allowedScopes: ['openid', 'read', 'admin'] })).to.deep.equal(['read', 'openid']);
  });

  it('grants the default scopes, within what the application may get', () => {
    expect(getDefaultScopes()).to.deep.equal(['read']);
    expect(getDefaultScopes({ allowedScopes: ['openid'] })).to.deep.equal([]);
  });

  it('resolves __all__ defaults to every scope', async () => {
    configure({ orm: await getTestOrm(), scopes, defaultScopes: ['__all__'] });
    expect(getDefaultScopes({ allowedScopes: ['write', 'openid'] })).to.deep.equal(['write', 'openid']);
  });
});
