import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { calculateJwkThumbprint } from 'jose';
import {
  claimsForScopes,
  idTokenUserClaims,
  KeyStore,
  OpenIDConfigurationError,
  parseClaimsRequest,
  releasableClaims,
  requestedClaims,
  resolveOptions,
  tokenHash,
} from '../../../lib/oauth2/index.js';
import { EC_KEY, EC_KEY_OLD, RSA_KEY, RSA_KEY_OLD } from './helpers/fixtures.js';

describe('OIDC primitives', () => {
  describe('tokenHash (at_hash / c_hash, OIDC Core §3.1.3.6, §3.3.2.11)', () => {
    it('matches the OIDC Core Appendix A values', () => {
      expect(tokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).to.equal('77QmUPtjPfzWtF2AnpK9RQ');
      expect(tokenHash('Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk', 'ES256')).to.equal(
        'LDktKdoQak3Pk0cnXxCltA',
      );
    });

    it('uses the SHA-2 size of the alg (FIPS 180 "abc" vectors, left half)', () => {
      const left = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
      expect(tokenHash('abc', 'HS384')).to.equal(left('cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163'));
      expect(tokenHash('abc', 'RS512')).to.equal(
        left('ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a'),
      );
    });

    it('refuses an alg with no defined hash', () => {
      expect(() => tokenHash('x', 'none')).to.throw(TypeError, 'No hash is defined for alg none.');
    });
  });

  describe('KeyStore', () => {
    const store = (options: Parameters<typeof resolveOptions>[0]) => new KeyStore(resolveOptions(options));

    it('publishes the public RSA key with kid = RFC 7638 thumbprint, alg and use, and no private part', async () => {
      const { keys } = await store({ oidcRsaPrivateKey: RSA_KEY }).jwks();
      expect(keys).to.have.length(1);
      const key = keys[0] ?? {};
      expect(Object.keys(key).sort()).to.deep.equal(['alg', 'e', 'kid', 'kty', 'n', 'use']);
      expect(key).to.include({ alg: 'RS256', use: 'sig', kty: 'RSA' });
      expect(key.kid).to.equal(await calculateJwkThumbprint({ kty: 'RSA', e: key.e, n: key.n }));
    });

    it('publishes active and inactive RSA and EC keys in settings order, each once', async () => {
      const keys = store({
        oidcRsaPrivateKey: RSA_KEY,
        oidcRsaPrivateKeysInactive: [RSA_KEY_OLD, RSA_KEY],
        oidcEcPrivateKey: EC_KEY,
        oidcEcPrivateKeysInactive: [EC_KEY_OLD],
      });
      const { keys: jwks } = await keys.jwks();
      expect(jwks.map((k) => k.alg)).to.deep.equal(['RS256', 'RS256', 'ES256', 'ES256']);
      expect(new Set(jwks.map((k) => k.kid)).size).to.equal(4);
      expect(jwks[2]).to.include({ kty: 'EC', crv: 'P-256', use: 'sig' });
      expect(jwks.every((k) => k.d === undefined)).to.equal(true);
      expect(keys.algorithms).to.deep.equal(['RS256', 'ES256']);
      expect((await keys.signingKey('ES256'))?.kid).to.equal(jwks[2]?.kid);
    });

    it('publishes nothing without keys, and has no signing key then', async () => {
      const keys = store({ oidcRsaPrivateKey: '' });
      expect(await keys.jwks()).to.deep.equal({ keys: [] });
      expect(await keys.signingKey('RS256')).to.equal(null);
    });

    it('accepts a PKCS#1 RSA PEM as well as PKCS#8', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      expect((await store({ oidcRsaPrivateKey: pkcs1 }).jwks()).keys).to.have.length(1);
    });

    it('refuses unusable keys at construction with ERR_IMPROPERLY_CONFIGURED', () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const small = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const cases: [Parameters<typeof resolveOptions>[0], string][] = [
        [{ oidcRsaPrivateKey: 'not a key' }, 'oidcRsaPrivateKey is not a PEM private key.'],
        [{ oidcRsaPrivateKey: small }, 'oidcRsaPrivateKey must be an RSA private key of at least 2048 bits.'],
        [{ oidcRsaPrivateKeysInactive: [EC_KEY] }, 'oidcRsaPrivateKeysInactive must be an RSA private key'],
        [{ oidcEcPrivateKey: RSA_KEY }, 'oidcEcPrivateKey must be an EC private key on the P-256 curve.'],
        [{ oidcEcPrivateKeysInactive: [p384] }, 'oidcEcPrivateKeysInactive must be an EC private key'],
      ];
      for (const [options, message] of cases) {
        expect(() => store(options), message).to.throw(OpenIDConfigurationError, message);
      }
      expect(new OpenIDConfigurationError('x').code).to.equal('ERR_IMPROPERLY_CONFIGURED');
    });
  });

  describe('claims', () => {
    it('parses a claims request from JSON or an object; null and empty stay null', () => {
      const request = {
        userinfo: { email: null },
        id_token: { acr: { values: ['a'] }, auth_time: { essential: true } },
      };
      expect(parseClaimsRequest(JSON.stringify(request))).to.deep.equal(request);
      expect(parseClaimsRequest(request)).to.deep.equal(request);
      expect(parseClaimsRequest({ other: 1 })).to.deep.equal({});
      expect(parseClaimsRequest(null)).to.equal(null);
      expect(parseClaimsRequest('')).to.equal(null);
      expect(() => parseClaimsRequest(5)).to.throw('Malformed claims parameter.');
    });

    it('lists requested claims per member', () => {
      expect(requestedClaims({ id_token: { email: null } }, 'id_token')).to.deep.equal(['email']);
      expect(requestedClaims({ id_token: { email: null } }, 'userinfo')).to.deep.equal([]);
      expect(requestedClaims(null, 'id_token')).to.deep.equal([]);
    });

    it('releases standard claims only for granted scopes, custom ones always, never registered ones', () => {
      const claims = {
        email: 'e',
        name: 'n',
        phone_number: 'p',
        address: { country: 'x' },
        tenant: 't',
        sub: 's',
        aud: 'a',
        x: undefined,
      };
      expect(releasableClaims(claims, ['openid', 'email', 'address'])).to.deep.equal({
        email: 'e',
        address: { country: 'x' },
        tenant: 't',
      });
    });

    it('puts standard claims in the ID token only without an access token or when asked', () => {
      const released = { email: 'e', name: 'n', tenant: 't' };
      expect(idTokenUserClaims(released, null, true)).to.deep.equal({ tenant: 't' });
      expect(idTokenUserClaims(released, null, false)).to.deep.equal(released);
      expect(idTokenUserClaims(released, { id_token: { name: null } }, true)).to.deep.equal({ name: 'n', tenant: 't' });
    });

    it('lists the standard claims of the given scopes', () => {
      expect(claimsForScopes(['openid', 'email', 'phone'])).to.deep.equal([
        'email',
        'email_verified',
        'phone_number',
        'phone_number_verified',
      ]);
      expect(claimsForScopes(['openid'])).to.deep.equal([]);
    });
  });
});
