import { expect } from 'chai';
import { hashPassword, verifyPassword } from '../models/password.js';
import { User } from '../models/user.js';

describe('example app: password hashing (scrypt)', () => {
  it('stores scrypt parameters, a random salt and the key, never the password', async () => {
    const first = await hashPassword('s3cret pass');
    const second = await hashPassword('s3cret pass');
    expect(first).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(first).not.to.include('s3cret');
    expect(first).not.to.equal(second);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('right');
    expect(await verifyPassword('right', hash)).to.equal(true);
    expect(await verifyPassword('wrong', hash)).to.equal(false);
    expect(await verifyPassword('', hash)).to.equal(false);
  });

  it('verifies with the parameters stored in the hash, so they can be raised later', async () => {
    const hash = await hashPassword('pw');
    const [, , , , salt] = hash.split('$');
    // The same password hashed with N=2^14 and a 16-byte key still verifies against its own parameters.
    const { scryptSync } = await import('node:crypto');
    const key = scryptSync('pw', Buffer.from(salt!, 'base64'), 16, { N: 2 ** 14, r: 8, p: 1 });
    const older = `scrypt$16384$8$1$${salt}$${key.toString('base64')}`;
    expect(await verifyPassword('pw', older)).to.equal(true);
    expect(await verifyPassword('pw2', older)).to.equal(false);
  });

  it('refuses malformed or hostile hashes instead of throwing', async () => {
    const hash = await hashPassword('pw');
    const parts = hash.split('$');
    const variants = [
      '',
      'pw',
      'pbkdf2_sha256$1$salt$hash',
      [...parts.slice(0, 5)].join('$'),
      ['scrypt', '30000', ...parts.slice(2)].join('$'), // N not a power of two
      ['scrypt', String(2 ** 24), ...parts.slice(2)].join('$'), // N above the bound: memory exhaustion
      ['scrypt', ...parts.slice(1, 4), '', parts[5]].join('$'),
    ];
    for (const variant of variants) expect(await verifyPassword('pw', variant), variant).to.equal(false);
  });

  it('lets a User with no password never match', async () => {
    const user = new User();
    expect(await user.checkPassword('')).to.equal(false);
    await user.setPassword('pw');
    expect(await user.checkPassword('pw')).to.equal(true);
  });
});
