import { expect } from 'chai';
import {
  OAuth2Request,
  createBearerToken,
  decodeForm,
  encodeForm,
  isAbsoluteUriWithoutFragment,
  isValidPkceValue,
  randomTokenGenerator,
  redirectUriMatches,
  resolveOptions,
  returnsToken,
  tokenLifetimes,
  verifyCodeVerifier,
} from '../../lib/oauth2/index.js';
import { CHALLENGE, VERIFIER } from './helpers/fixtures.js';

describe('oauth2 primitives', () => {
  describe('tokens', () => {
    it('RFC 6749 §10.10 / RFC 6750 §5.2: default tokens carry 256 bits from the CSPRNG, base64url', () => {
      const seen = new Set(Array.from({ length: 100 }, randomTokenGenerator));
      expect(seen.size).to.equal(100);
      for (const token of seen) expect(Buffer.from(token, 'base64url')).to.have.length(32);
    });

    it('RFC 6749 §5.1: expires_in is an integer; the scope is space-separated', async () => {
      const request = OAuth2Request.parse({ uri: '/?scope=a+b', httpMethod: 'GET' });
      const token = await createBearerToken(request, resolveOptions({ accessTokenExpireSeconds: 10.9 }), {
        issue: false,
      });
      expect(token).to.include({ token_type: 'Bearer', expires_in: 10, scope: 'a b' });
    });

    it('computes lifetimes from the clock and options', () => {
      const options = resolveOptions({
        now: () => 1000,
        refreshTokenExpireSeconds: 5,
        refreshTokenGracePeriodSeconds: 2,
      });
      expect(tokenLifetimes(options, true)).to.deep.equal({
        accessTokenExpiresAt: new Date(1000 + 36000_000),
        refreshTokenExpiresAt: new Date(6000),
        graceUntil: new Date(3000),
      });
      expect(tokenLifetimes(options, false).refreshTokenExpiresAt).to.equal(null);
    });
  });

  describe('pkce', () => {
    it('RFC 7636 §4.1: verifiers are 43..128 unreserved characters', () => {
      expect(isValidPkceValue(VERIFIER)).to.equal(true);
      expect(isValidPkceValue('a'.repeat(42))).to.equal(false);
      expect(isValidPkceValue('a'.repeat(129))).to.equal(false);
      expect(isValidPkceValue(`${'a'.repeat(42)}+`)).to.equal(false);
    });

    it('RFC 7636 §4.6: S256 and plain verification', () => {
      expect(verifyCodeVerifier(VERIFIER, CHALLENGE, 'S256')).to.equal(true);
      expect(verifyCodeVerifier(VERIFIER, VERIFIER, 'plain')).to.equal(true);
      expect(verifyCodeVerifier(VERIFIER, VERIFIER, 'S256')).to.equal(false);
    });
  });

  describe('redirect URIs', () => {
    it('RFC 9700 §4.1.3: exact string comparison', () => {
      expect(redirectUriMatches('https://c.example/cb', 'https://c.example/cb')).to.equal(true);
      expect(redirectUriMatches('https://c.example/cb', 'https://C.example/cb')).to.equal(false);
      expect(redirectUriMatches('https://c.example/cb', 'https://c.example/cb?x=1')).to.equal(false);
      expect(redirectUriMatches('https://c.example:443/cb', 'https://c.example/cb')).to.equal(false);
    });

    it('RFC 8252 §7.3: any port for loopback IP literals, not for localhost or https', () => {
      expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.1:8080/cb')).to.equal(true);
      expect(redirectUriMatches('http://127.0.0.1:1/cb', 'http://127.0.0.1:2/cb')).to.equal(true);
      expect(redirectUriMatches('http://[::1]/cb', 'http://[::1]:5000/cb')).to.equal(true);
      expect(redirectUriMatches('http://127.0.0.1', 'http://127.0.0.1:9')).to.equal(true);
      expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.1:8080/other')).to.equal(false);
      expect(redirectUriMatches('http://localhost/cb', 'http://localhost:8080/cb')).to.equal(false);
      expect(redirectUriMatches('https://127.0.0.1/cb', 'https://127.0.0.1:8080/cb')).to.equal(false);
      expect(redirectUriMatches('http://127.0.0.1/cb', 'http://127.0.0.2:8080/cb')).to.equal(false);
    });

    it('RFC 6749 §3.1.2: a redirect URI is absolute and has no fragment', () => {
      expect(isAbsoluteUriWithoutFragment('https://c.example/cb')).to.equal(true);
      expect(isAbsoluteUriWithoutFragment('com.example.app:/cb')).to.equal(true);
      expect(isAbsoluteUriWithoutFragment('/cb')).to.equal(false);
      expect(isAbsoluteUriWithoutFragment('https://c.example/cb#x')).to.equal(false);
    });
  });

  it('form encoding round-trips and skips empty pairs', () => {
    expect(decodeForm('a=1&&b')).to.deep.equal([
      ['a', '1'],
      ['b', ''],
    ]);
    expect(encodeForm({ a: 'x y', b: undefined, c: null, 'd&': '=' })).to.equal('a=x%20y&d%26=%3D');
  });

  it('Multiple Response Types §2: which response types return tokens', () => {
    expect(returnsToken('token')).to.equal(true);
    expect(returnsToken('code id_token')).to.equal(true);
    expect(returnsToken('code')).to.equal(false);
    expect(returnsToken(null)).to.equal(false);
  });

  it('options: DOT scope maps become names and __all__ expands', () => {
    const options = resolveOptions({ scopes: { read: 'R', write: 'W' } });
    expect(options.scopes).to.deep.equal(['read', 'write']);
    expect(options.defaultScopes).to.deep.equal(['read', 'write']);
    expect(resolveOptions({ scopes: ['a'], defaultScopes: ['a'] }).defaultScopes).to.deep.equal(['a']);
  });
});
