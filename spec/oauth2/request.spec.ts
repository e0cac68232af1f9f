import { expect } from 'chai';
import { InvalidRequestError, OAuth2Request, joinScope, mediaType, splitScope } from '../../lib/oauth2/index.js';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('oauth2/request', () => {
  it('merges query and form body parameters, query first', () => {
    const request = OAuth2Request.parse({ uri: '/o/token/?a=1', httpMethod: 'post', headers: form, body: 'b=2&c=' });
    expect(request.httpMethod).to.equal('POST');
    expect(request.param('a')).to.equal('1');
    expect(request.param('b')).to.equal('2');
    expect(request.param('c')).to.equal('');
    expect(request.param('missing')).to.equal(null);
    expect(request.queryPairs).to.deep.equal([['a', '1']]);
    expect(request.bodyPairs).to.deep.equal([
      ['b', '2'],
      ['c', ''],
    ]);
  });

  it('RFC 6749 Appendix B: decodes + as space and %XX, including UTF-8', () => {
    const request = OAuth2Request.parse({ uri: '/x?state=a+b%20c%E2%82%AC&flag', httpMethod: 'GET' });
    expect(request.state).to.equal('a b c€');
    expect(request.param('flag')).to.equal('');
  });

  it('RFC 6749 §3.1: records a parameter sent twice in the query', () => {
    const request = OAuth2Request.parse({ uri: '/x?scope=a&scope=b', httpMethod: 'GET' });
    expect(request.duplicateParams).to.deep.equal(['scope']);
    expect(() => request.assertNoDuplicates(['scope'])).to.throw(InvalidRequestError, 'Duplicate scope parameter.');
    expect(() => request.assertNoDuplicates(['state'])).not.to.throw();
  });

  it('RFC 6749 §3.2: records a parameter sent in both the query and the body', () => {
    const request = OAuth2Request.parse({ uri: '/x?code=a', httpMethod: 'POST', headers: form, body: 'code=b' });
    expect(request.duplicateParams).to.deep.equal(['code']);
    expect(() => request.assertNoDuplicates()).to.throw(InvalidRequestError);
  });

  it('RFC 6749 Appendix B: invalid percent-encoding is invalid_request, not a plain Error', () => {
    for (const uri of ['/x?a=%zz', '/x?a=%E2%82', '/x?a=b c', '/x?a="q"', '/x?a=%00', '/x?a%00=1']) {
      expect(() => OAuth2Request.parse({ uri, httpMethod: 'GET' }), uri).to.throw(InvalidRequestError);
    }
    const body = () => OAuth2Request.parse({ uri: '/x', httpMethod: 'POST', headers: form, body: 'a=%G1' });
    expect(body).to.throw(InvalidRequestError, 'Invalid percent-encoding in request body.');
  });

  it('reads headers case-insensitively and joins repeated values', () => {
    const request = OAuth2Request.parse({
      uri: '/x',
      httpMethod: 'GET',
      headers: { 'X-Thing': 'a', Accept: ['b', 'c'], Skipped: undefined },
    });
    expect(request.header('x-thing')).to.equal('a');
    expect(request.header('ACCEPT')).to.equal('b, c');
    expect(request.header('skipped')).to.equal(null);
  });

  it('RFC 9110 §8.3.1: reads the body only for a form media type, compared case-insensitively with parameters', () => {
    const json = OAuth2Request.parse({
      uri: '/x',
      httpMethod: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'a=1',
    });
    expect(json.param('a')).to.equal(null);
    expect(json.isFormEncoded()).to.equal(false);
    const upper = OAuth2Request.parse({
      uri: '/x',
      httpMethod: 'POST',
      headers: { 'Content-Type': 'Application/X-WWW-Form-URLEncoded; charset=UTF-8' },
      body: 'a=1',
    });
    expect(upper.param('a')).to.equal('1');
    expect(upper.isFormEncoded()).to.equal(true);
    expect(OAuth2Request.parse({ uri: '/x', httpMethod: 'POST', body: 'a=1' }).isFormEncoded()).to.equal(false);
  });

  it('fills the protocol fields from parameters and ignores the fragment', () => {
    const request = OAuth2Request.parse({
      uri: 'https://as.example/o/authorize/?client_id=c&redirect_uri=https%3A%2F%2Fx&response_type=code&scope=a+b+a&prompt=login+consent#frag',
      httpMethod: 'GET',
      session: 'em',
    });
    expect(request.clientId).to.equal('c');
    expect(request.redirectUri).to.equal('https://x');
    expect(request.redirectUriProvided).to.equal(true);
    expect(request.scopes).to.deep.equal(['a', 'b']);
    expect(request.prompt).to.deep.equal(['login', 'consent']);
    expect(request.maxAge).to.equal(null);
    expect(OAuth2Request.parse({ uri: '/?max_age=300', httpMethod: 'GET' }).maxAge).to.equal(300);
    expect(OAuth2Request.parse({ uri: '/?max_age=-1', httpMethod: 'GET' }).maxAge).to.equal(null);
    expect(request.session).to.equal('em');
    expect(request.query).to.not.include('#');
  });

  it('RFC 6749 §3.3: scopes are a list inside and space-separated on the wire', () => {
    expect(splitScope('read write read')).to.deep.equal(['read', 'write']);
    expect(splitScope(null)).to.deep.equal([]);
    expect(joinScope(['read', 'write'])).to.equal('read write');
    expect(mediaType(' Text/HTML ; q=1')).to.equal('text/html');
  });
});
