import { expect } from 'chai';
import { ImproperlyConfigured } from '../../lib/errors.js';
import { configure } from '../../lib/settings.js';
import { openSuccessor, sealSuccessor } from '../../lib/validator/grace-cipher.js';
import { testOrm, useTransaction } from '../helpers/db.js';

const PAIR = {
  access_token: 'at-value',
  token_type: 'Bearer' as const,
  expires_in: 60,
  scope: 'read',
  refresh_token: 'rt',
};
const KEY = 'k'.repeat(32);

describe('grace-cipher: the successor pair at rest', () => {
  useTransaction({ settings: { refreshTokenGracePeriodSeconds: 30, refreshTokenGraceKey: KEY } });

  it('round-trips a pair and never shows it in clear, with a fresh IV each time', () => {
    const sealed = sealSuccessor(PAIR, 'checksum-a');
    expect(sealed).to.match(/^v1\./);
    expect(sealed).to.not.include('at-value');
    expect(sealSuccessor(PAIR, 'checksum-a')).to.not.equal(sealed);
    expect(openSuccessor(sealed, 'checksum-a')).to.deep.equal(PAIR);
  });

  it('is bound to the rotated token: a ciphertext moved to another row does not open', () => {
    expect(openSuccessor(sealSuccessor(PAIR, 'checksum-a'), 'checksum-b')).to.equal(null);
  });

  it('does not open under another key, nor when malformed', () => {
    const sealed = sealSuccessor(PAIR, 'c');
    configure({ orm: testOrm(), refreshTokenGracePeriodSeconds: 30, refreshTokenGraceKey: 'z'.repeat(32) });
    expect(openSuccessor(sealed, 'c')).to.equal(null);
    expect(openSuccessor('v1.x.y', 'c')).to.equal(null);
    expect(openSuccessor('v2.a.b.c', 'c')).to.equal(null);
  });

  it('throws ImproperlyConfigured without refreshTokenGraceKey', () => {
    configure({ orm: testOrm() });
    expect(() => sealSuccessor(PAIR, 'c')).to.throw(ImproperlyConfigured, 'refreshTokenGraceKey');
  });
});
