import { expect } from 'chai';
import { isLoopbackIpUri, isOriginAllowed, originOf, redirectToUriAllowed } from '../../lib/models/redirect-uri.js';
import { uriError } from '../../lib/models/uri-validator.js';

describe('redirect URI matching (RFC 9700 §4.1.3, RFC 8252 §7.3)', () => {
  const allowed = [
    'https://client.example/cb',
    'https://client.example/q?a=1',
    'http://127.0.0.1/native',
    'http://[::1]:8080/v6',
  ];

  it('accepts an exact match', () => {
    expect(redirectToUriAllowed('https://client.example/cb', allowed)).to.equal(true);
    expect(redirectToUriAllowed('https://client.example/q?a=1', allowed)).to.equal(true);
  });

  it('refuses an extra or changed query, or a query where none was registered', () => {
    expect(redirectToUriAllowed('https://client.example/q?a=1&b=2', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example/q?a=2', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example/cb?x=1', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example/cb?', allowed)).to.equal(false);
  });

  it('refuses a fragment, even an empty one', () => {
    expect(redirectToUriAllowed('https://client.example/cb#x', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example/cb#', ['https://client.example/cb#'])).to.equal(false);
  });

  it('refuses userinfo', () => {
    expect(redirectToUriAllowed('https://evil@client.example/cb', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://a:b@client.example/cb', ['https://a:b@client.example/cb'])).to.equal(false);
  });

  it('refuses a different path, case, scheme, host or port', () => {
    expect(redirectToUriAllowed('https://client.example/cb/', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example/CB', allowed)).to.equal(false);
    expect(redirectToUriAllowed('http://client.example/cb', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example.evil/cb', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example:444/cb', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://client.example/cb;x', allowed)).to.equal(false);
  });

  it('accepts any port for a loopback IP redirect URI, and nothing else changed', () => {
    expect(redirectToUriAllowed('http://127.0.0.1:51234/native', allowed)).to.equal(true);
    expect(redirectToUriAllowed('http://127.0.0.1/native', allowed)).to.equal(true);
    expect(redirectToUriAllowed('http://[::1]:9999/v6', allowed)).to.equal(true);
    expect(redirectToUriAllowed('http://[::1]/v6', allowed)).to.equal(true);
    expect(redirectToUriAllowed('http://127.0.0.1:51234/other', allowed)).to.equal(false);
    expect(redirectToUriAllowed('http://127.0.0.1:51234/native?x=1', allowed)).to.equal(false);
    expect(redirectToUriAllowed('https://127.0.0.1:51234/native', allowed)).to.equal(false);
    expect(redirectToUriAllowed('http://127.0.0.2:51234/native', allowed)).to.equal(false);
  });

  it('does not treat localhost or a non-loopback host as loopback', () => {
    expect(redirectToUriAllowed('http://localhost:5000/cb', ['http://localhost/cb'])).to.equal(false);
    expect(redirectToUriAllowed('https://client.example:8443/cb', allowed)).to.equal(false);
    expect(isLoopbackIpUri('http://localhost/cb')).to.equal(false);
    expect(isLoopbackIpUri('http://127.0.0.1:1/cb')).to.equal(true);
  });

  it('refuses a loopback match that smuggles userinfo', () => {
    expect(redirectToUriAllowed('http://x@127.0.0.1:5/native', allowed)).to.equal(false);
  });

  it('refuses everything when nothing is registered', () => {
    expect(redirectToUriAllowed('https://client.example/cb', [])).to.equal(false);
  });
});

describe('origin matching (CORS)', () => {
  it('accepts the same scheme, host and port', () => {
    expect(isOriginAllowed('https://app.example', ['https://app.example'], ['https'])).to.equal(true);
    expect(isOriginAllowed('https://app.example:443', ['https://app.example'], ['https'])).to.equal(true);
  });

  it('refuses another host, port or scheme, and a scheme not in allowedSchemes', () => {
    expect(isOriginAllowed('https://evil.example', ['https://app.example'], ['https'])).to.equal(false);
    expect(isOriginAllowed('https://app.example:8443', ['https://app.example'], ['https'])).to.equal(false);
    expect(isOriginAllowed('http://app.example', ['http://app.example'], ['https'])).to.equal(false);
    expect(isOriginAllowed('http://app.example', ['http://app.example'], ['http', 'https'])).to.equal(true);
  });

  it('refuses null and garbage origins', () => {
    expect(isOriginAllowed('null', ['https://app.example'], ['https'])).to.equal(false);
    expect(isOriginAllowed('not a url', ['https://app.example'], ['https'])).to.equal(false);
    expect(originOf('data:text/plain,x')).to.equal(null);
  });
});

describe('registered URI validation (DOT AllowedURIValidator)', () => {
  const redirect = {
    schemes: ['https'],
    name: 'redirect uri',
    allowPath: true,
    allowQuery: true,
    allowHttpLoopback: true,
  };
  const origin = { schemes: ['https'], name: 'allowed origin' };

  it('accepts https URIs with path and query', () => {
    expect(uriError('https://client.example/cb?x=1', redirect)).to.equal(null);
  });

  it('accepts http only for loopback IP literals unless http is listed (RFC 9700 §2.6)', () => {
    expect(uriError('http://127.0.0.1/cb', redirect)).to.equal(null);
    expect(uriError('http://[::1]:8000/cb', redirect)).to.equal(null);
    expect(uriError('http://client.example/cb', redirect)).to.include('invalid_scheme');
    expect(uriError('http://localhost/cb', redirect)).to.include('invalid_scheme');
    expect(uriError('http://client.example/cb', { ...redirect, schemes: ['https', 'http'] })).to.equal(null);
  });

  it('refuses fragments, userinfo, schemes not listed and non-URIs', () => {
    expect(uriError('https://client.example/cb#x', redirect)).to.include('fragment not allowed');
    expect(uriError('https://u:p@client.example/cb', redirect)).to.include('userinfo not allowed');
    expect(uriError('javascript:alert(1)', redirect)).to.include('invalid_scheme');
    expect(uriError('client.example/cb', redirect)).to.include('invalid_scheme');
    expect(uriError('https://', redirect)).to.not.equal(null);
  });

  it('accepts a private-use scheme only when listed (RFC 8252 §7.1)', () => {
    expect(uriError('com.example.app:/oauth2redirect', redirect)).to.include('invalid_scheme');
    expect(uriError('com.example.app:/oauth2redirect', { ...redirect, schemes: ['com.example.app'] })).to.equal(null);
  });

  it('refuses a path, query or fragment in an allowed origin', () => {
    expect(uriError('https://app.example', origin)).to.equal(null);
    expect(uriError('https://app.example/', origin)).to.equal(null);
    expect(uriError('https://app.example/path', origin)).to.include('path not allowed');
    expect(uriError('https://app.example?x', origin)).to.include('query string not allowed');
    expect(uriError('http://app.example', origin)).to.equal(
      'allowed origin URI Validation error. invalid_scheme: http://app.example',
    );
  });
});
