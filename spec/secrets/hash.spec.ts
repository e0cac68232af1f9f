import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import {
  checkPlainSecret,
  checkSecret,
  failedSecretCheck,
  hashSecret,
  isHashedSecret,
  verifyClientSecret,
} from '../../lib/secrets/index.js';
import { generateClientSecret } from '../../lib/generators.js';
import { HASH_SECRET_COST, scryptRunsOf } from '../helpers/scrypt-runs.js';

/** A hash as Django's PBKDF2PasswordHasher writes it: pbkdf2_sha256$<iterations>$<salt>$<base64 of 32 bytes>. */
function djangoPbkdf2(secret: string, iterations = 1000, salt = 'Z2n8xKcS0wqV7dLk3Ym1'): string {
  const hash = pbkdf2Sync(secret, salt, iterations, 32, 'sha256').toString('base64');
  return `pbkdf2_sha256$${iterations}$${salt}$${hash}`;
}

describe('client secret hashing', () => {
  describe('generated secrets (fast)', () => {
    it('stores sha256$<hex> and checks it', async () => {
      const secret = generateClientSecret();
      const stored = await hashSecret(secret, { generated: true });
      expect(stored).to.match(/^sha256\$[0-9a-f]{64}$/);
      expect(await checkSecret(secret, stored)).to.deep.equal({ ok: true });
      expect(await checkSecret(secret.slice(1), stored)).to.deep.equal({ ok: false });
    });
  });

  describe('typed secrets (slow)', () => {
    it('stores scrypt$N$r$p$salt$hash with a fresh salt each time, and checks it', async () => {
      const a = await hashSecret('correct horse');
      const b = await hashSecret('correct horse');
      expect(a).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(a).to.not.equal(b);
      expect((await checkSecret('correct horse', a)).ok).to.equal(true);
      expect((await checkSecret('correct horsf', a)).ok).to.equal(false);
      expect((await checkSecret('correct horse', a)).rehash).to.equal(undefined);
    });

    it('publishes each scrypt run, with its parameters and never the secret, on SCRYPT_CHANNEL', async () => {
      const runs = await scryptRunsOf(async () => checkSecret('correct horse', await hashSecret('correct horse')));
      expect(runs).to.deep.equal([HASH_SECRET_COST, HASH_SECRET_COST]);
    });

    it('makes every failure cost one scrypt at hashSecret() cost, whatever the stored format; a success none', async () => {
      const fast = await hashSecret('generated', { generated: true });
      const slow = await hashSecret('typed');
      for (const stored of [fast, slow, djangoPbkdf2('dot'), 'md5$abc', 'plain']) {
        expect(await scryptRunsOf(() => checkSecret('wrong', stored)), stored).to.deep.equal([HASH_SECRET_COST]);
      }
      expect(await scryptRunsOf(() => failedSecretCheck('x'))).to.deep.equal([HASH_SECRET_COST]);
      expect(await scryptRunsOf(() => verifyClientSecret(null, 'x'))).to.deep.equal([HASH_SECRET_COST]);
      expect(
        await scryptRunsOf(() => verifyClientSecret({ hashClientSecret: false, clientSecret: 'a' }, 'b')),
      ).to.deep.equal([HASH_SECRET_COST]);
      expect(await scryptRunsOf(() => checkSecret('generated', fast))).to.deep.equal([]);
    });

    it('refuses tampered or absurd scrypt parameters without running them', async () => {
      const stored = await hashSecret('pw');
      const parts = stored.split('$');
      parts[1] = String(2 ** 30);
      expect((await checkSecret('pw', parts.join('$'))).ok).to.equal(false);
      expect((await checkSecret('pw', 'scrypt$16384$8$1$c2FsdA==$')).ok).to.equal(false);
      expect((await checkSecret('pw', 'scrypt$x$8$1$c2FsdA==$aGFzaA==')).ok).to.equal(false);
    });
  });

  describe("DOT's pbkdf2_sha256 hashes", () => {
    it('verifies them and asks for a rehash to our format', async () => {
      const stored = djangoPbkdf2('dot-secret');
      const result = await checkSecret('dot-secret', stored);
      expect(result.ok).to.equal(true);
      expect(result.rehash).to.match(/^scrypt\$/);
      expect((await checkSecret('dot-secret', result.rehash!)).ok).to.equal(true);
    });

    it('fails a wrong secret with no rehash', async () => {
      expect(await checkSecret('wrong', djangoPbkdf2('dot-secret'))).to.deep.equal({ ok: false });
    });

    it('verifies a hash made with another salt and iteration count', async () => {
      const salt = randomBytes(9)
        .toString('base64')
        .replace(/[^A-Za-z0-9]/g, 'x');
      expect((await checkSecret('s3', djangoPbkdf2('s3', 2000, salt))).ok).to.equal(true);
    });
  });

  describe('never accepts the hash itself as the secret', () => {
    it('for each format', async () => {
      const fast = await hashSecret(generateClientSecret(), { generated: true });
      const slow = await hashSecret('typed');
      const dot = djangoPbkdf2('typed');
      for (const stored of [fast, slow, dot]) {
        expect((await checkSecret(stored, stored)).ok, stored.split('$')[0]).to.equal(false);
      }
    });

    it('and refuses unknown formats, including an unhashed value', async () => {
      expect((await checkSecret('plain', 'plain')).ok).to.equal(false);
      expect((await checkSecret('x', 'md5$abc')).ok).to.equal(false);
      expect(isHashedSecret('sha256$ab')).to.equal(true);
      expect(isHashedSecret('just-a-secret')).to.equal(false);
    });
  });

  describe('readable secrets (hashClientSecret: false)', () => {
    it('compares in constant time, whatever the lengths', () => {
      expect(checkPlainSecret('abc', 'abc')).to.equal(true);
      expect(checkPlainSecret('abd', 'abc')).to.equal(false);
      expect(checkPlainSecret('abcd', 'abc')).to.equal(false);
      expect(checkPlainSecret('', '')).to.equal(false);
    });

    it('is chosen by the application’s hashClientSecret', async () => {
      expect(await verifyClientSecret({ hashClientSecret: false, clientSecret: 'readable' }, 'readable')).to.deep.equal(
        {
          ok: true,
        },
      );
      // A readable secret that happens to look like a hash is compared as text, never parsed.
      const stored = await hashSecret('x', { generated: true });
      expect((await verifyClientSecret({ hashClientSecret: false, clientSecret: stored }, 'x')).ok).to.equal(false);
      expect((await verifyClientSecret({ hashClientSecret: true, clientSecret: stored }, 'x')).ok).to.equal(true);
      const dot = await verifyClientSecret({ hashClientSecret: true, clientSecret: djangoPbkdf2('y') }, 'y');
      expect(dot.ok).to.equal(true);
      expect(dot.rehash).to.be.a('string');
    });
  });
});
