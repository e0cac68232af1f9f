import { expect } from 'chai';
import * as core from '../../lib/oauth2/index.js';
import {
  InsufficientScopeError,
  InvalidClientError,
  InvalidRequestError,
  OAuth2Error,
  OAuth2ProviderError,
  ServerError,
  addParamsToUri,
  bearerErrorResponse,
  errorJsonResponse,
  errorRedirectResponse,
  quoteAuthParam,
  wwwAuthenticate,
} from '../../lib/oauth2/index.js';

/** Every RFC error class with the code and status RFC 6749 / 6750 / 7009 / OIDC Core assign it. */
const TABLE: [keyof typeof core, string, number, boolean][] = [
  ['InvalidRequestError', 'invalid_request', 400, true],
  ['InvalidRequestFatalError', 'invalid_request', 400, false],
  ['MissingClientIdError', 'invalid_request', 400, false],
  ['InvalidClientIdError', 'invalid_request', 400, false],
  ['MissingRedirectUriError', 'invalid_request', 400, false],
  ['InvalidRedirectUriError', 'invalid_request', 400, false],
  ['MismatchingRedirectUriError', 'invalid_request', 400, false],
  ['InvalidClientError', 'invalid_client', 401, false],
  ['InvalidGrantError', 'invalid_grant', 400, true],
  ['UnauthorizedClientError', 'unauthorized_client', 400, true],
  ['UnsupportedGrantTypeError', 'unsupported_grant_type', 400, true],
  ['UnsupportedResponseTypeError', 'unsupported_response_type', 400, true],
  ['InvalidScopeError', 'invalid_scope', 400, true],
  ['AccessDeniedError', 'access_denied', 400, true],
  ['ServerError', 'server_error', 500, true],
  ['TemporarilyUnavailableError', 'temporarily_unavailable', 503, true],
  ['TooManyRequestsError', 'temporarily_unavailable', 429, false],
  ['InvalidTokenError', 'invalid_token', 401, false],
  ['InsufficientScopeError', 'insufficient_scope', 403, false],
  ['UnsupportedTokenTypeError', 'unsupported_token_type', 400, true],
  ['LoginRequiredError', 'login_required', 400, true],
  ['ConsentRequiredError', 'consent_required', 400, true],
  ['InteractionRequiredError', 'interaction_required', 400, true],
  ['AccountSelectionRequiredError', 'account_selection_required', 400, true],
  ['InvalidRequestUriError', 'invalid_request_uri', 400, true],
  ['InvalidRequestObjectError', 'invalid_request_object', 400, true],
];

describe('oauth2/errors', () => {
  for (const [name, code, status, redirectable] of TABLE) {
    it(`RFC 6749 §4.1.2.1/§5.2: ${name} is ${code}, ${status}, ${redirectable ? 'redirectable' : 'never redirected'}`, () => {
      const ErrorClass = core[name] as unknown as new (d?: string, o?: core.OAuth2ErrorOptions) => OAuth2Error;
      const error = new ErrorClass('Something.', { state: 's', redirectUri: 'https://c.example/cb' });
      expect(error).to.be.instanceOf(OAuth2Error).and.instanceOf(OAuth2ProviderError);
      expect(error.name).to.equal(name);
      expect(error.code).to.equal('ERR_OAUTH2_PROTOCOL');
      expect(error.error).to.equal(code);
      expect(error.status).to.equal(status);
      expect(error.statusCode).to.equal(status);
      expect(error.expose).to.equal(status < 500);
      expect(error.allowRedirect).to.equal(redirectable);
      const res = errorJsonResponse(error, 'r');
      expect(res.status).to.equal(status);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers.pragma).to.equal('no-cache');
      const body = JSON.parse(res.body);
      expect(body.error).to.equal(code);
      expect(body.error_description).to.equal(status < 500 ? 'Something.' : undefined);
      const redirect = errorRedirectResponse(error, 'https://as.example');
      if (!redirectable) expect(redirect).to.equal(null);
      else expect(redirect?.headers.location).to.include(`error=${code}`).and.include('state=s');
    });
  }

  it('fatal client_id and redirect_uri errors have default descriptions', () => {
    expect(new core.MissingClientIdError().description).to.equal('Missing client_id parameter.');
    expect(new core.InvalidClientIdError().description).to.equal('Invalid client_id parameter value.');
    expect(new core.MissingRedirectUriError().description).to.equal('Missing redirect URI.');
    expect(new core.InvalidRedirectUriError().description).to.equal('Invalid redirect URI.');
    expect(new core.MismatchingRedirectUriError().description).to.equal('Mismatching redirect URI.');
  });

  it('keeps the cause for logs but never serializes it', () => {
    const cause = new Error('db password is hunter2');
    const error = new ServerError('boom', { cause });
    expect(error.cause).to.equal(cause);
    const body = errorJsonResponse(error, 'r').body;
    expect(body).to.equal('{"error":"server_error"}');
  });

  it('RFC 6749 §5.2: error_uri is included when given', () => {
    const body = JSON.parse(errorJsonResponse(new InvalidRequestError('x', { uri: 'https://d.example/e' }), 'r').body);
    expect(body.error_uri).to.equal('https://d.example/e');
  });

  it('RFC 6749 §5.2: invalid_client is 401 with a Basic challenge', () => {
    const res = errorJsonResponse(new InvalidClientError('no'), 'my "realm"');
    expect(res.status).to.equal(401);
    expect(res.headers['www-authenticate']).to.equal('Basic realm="my \\"realm\\""');
  });

  it('RFC 9110 §10.2.3: an error that says when to retry carries Retry-After in whole seconds, others none', () => {
    const throttled = new core.TooManyRequestsError('Too many failed attempts.', { retryAfter: 12.2 });
    expect(errorJsonResponse(throttled, 'r').headers['retry-after']).to.equal('13');
    const bearer = core.bearerErrorResponse(new core.TemporarilyUnavailableError('Down.', { retryAfter: 0 }), 'r');
    expect(bearer.headers['retry-after']).to.equal('1');
    expect(errorJsonResponse(new core.InvalidGrantError(), 'r').headers).not.to.have.property('retry-after');
  });

  it('RFC 9110 §5.6.4: quoted auth-params escape quotes and backslashes', () => {
    expect(quoteAuthParam('a"b\\c')).to.equal('"a\\"b\\\\c"');
    expect(wwwAuthenticate('Bearer', {})).to.equal('Bearer');
    expect(wwwAuthenticate('Bearer', { realm: 'x', error: undefined })).to.equal('Bearer realm="x"');
  });

  it('RFC 6750 §3: the Bearer challenge carries error, description and scope', () => {
    const error = new InsufficientScopeError('Need "more".');
    error.requiredScopes = ['read', 'write'];
    const res = bearerErrorResponse(error, 'api');
    expect(res.status).to.equal(403);
    expect(res.headers['www-authenticate']).to.equal(
      'Bearer realm="api", error="insufficient_scope", error_description="Need \\"more\\".", scope="read write"',
    );
    const none = bearerErrorResponse(null, 'api');
    expect(none.status).to.equal(401);
    expect(none.headers['www-authenticate']).to.equal('Bearer realm="api"');
    expect(none.body).to.equal('');
  });

  it('RFC 6749 §4.1.2.1: a redirected error goes in the query, keeps an existing query, adds iss (RFC 9207)', () => {
    const error = new core.AccessDeniedError('No.', { redirectUri: 'https://c.example/cb?x=1', state: 'st' });
    const res = errorRedirectResponse(error, 'https://as.example');
    expect(res?.status).to.equal(302);
    expect(res?.headers.location).to.equal(
      'https://c.example/cb?x=1&error=access_denied&error_description=No.&state=st&iss=https%3A%2F%2Fas.example',
    );
  });

  it('RFC 6749 §4.2.2.1: a token-returning response type gets its error in the fragment', () => {
    const error = new core.AccessDeniedError('', { redirectUri: 'https://c.example/cb', responseMode: 'fragment' });
    expect(errorRedirectResponse(error, null)?.headers.location).to.equal('https://c.example/cb#error=access_denied');
  });

  it('never redirects an error without a validated redirect URI', () => {
    expect(errorRedirectResponse(new core.AccessDeniedError(), null)).to.equal(null);
  });

  it('adds parameters to URIs with and without a query', () => {
    expect(addParamsToUri('https://c/cb', { a: '1', b: null }, 'query')).to.equal('https://c/cb?a=1');
    expect(addParamsToUri('https://c/cb?', { a: '1' }, 'query')).to.equal('https://c/cb?a=1');
    expect(addParamsToUri('https://c/cb', {}, 'query')).to.equal('https://c/cb');
    expect(addParamsToUri('https://c/cb#old', { a: 'x y' }, 'fragment')).to.equal('https://c/cb#a=x%20y');
  });
});
