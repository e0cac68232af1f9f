/**
 * One error hierarchy (issue 11): every error the toolkit exports with a wire `error` code is an `OAuth2Error`, so
 * that a view catches one class and one serializer writes every body and page. The OIDC logout errors keep DOT's
 * names, codes and statuses, and are never redirected (the client or its URI is in doubt).
 */
import { expect } from 'chai';
import * as toolkit from '../lib/index.js';
import * as core from '../lib/oauth2/index.js';
import { OAuth2Error, OAuth2ProviderError, errorFields } from '../lib/oauth2/index.js';

type ErrorClass = new (description?: string) => Error & { error?: unknown };

/** Build an instance to read its fields; a class whose constructor needs an argument gets an empty object. */
function probe(cls: ErrorClass): Error & { error?: unknown } {
  try {
    return new cls();
  } catch {
    return Reflect.construct(cls, [{}]) as Error & { error?: unknown };
  }
}

/** The classes of both entry points (the package and `./oauth2`) that build errors with a wire `error` code. */
function codedErrorClasses(): [string, ErrorClass][] {
  return Object.entries({ ...core, ...toolkit }).flatMap(([name, value]): [string, ErrorClass][] => {
    if (typeof value !== 'function' || !(value.prototype instanceof Error)) return [];
    const error = probe(value as ErrorClass);
    return typeof error.error === 'string' ? [[name, value as ErrorClass]] : [];
  });
}

/** DOT's OIDC logout errors: class, code, default description. */
const LOGOUT_ERRORS: [keyof typeof toolkit, string, string][] = [
  ['ClientIdMissmatch', 'invalid_request', 'Mismatch between the Client ID of the ID Token and the Client ID'],
  ['InvalidOIDCClientError', 'invalid_request', 'The client is unknown or no client has been included.'],
  ['InvalidOIDCRedirectURIError', 'invalid_request', 'Invalid post logout redirect URI.'],
  ['InvalidIDTokenError', 'invalid_request', 'The ID Token is expired, revoked, malformed, or otherwise invalid.'],
  ['LogoutDenied', 'logout_denied', 'Logout has been refused by the user.'],
];

describe('one error hierarchy', () => {
  it('finds the coded error classes among the exports (the check below is not empty)', () => {
    const names = codedErrorClasses().map(([name]) => name);
    expect(names).to.include.members(['InvalidRequestError', 'InvalidClientError', 'RequestNotSupportedError']);
  });

  it('every exported error class with a wire `error` code is an OAuth2Error', () => {
    const outside = codedErrorClasses()
      .filter(([, cls]) => !(probe(cls) instanceof OAuth2Error))
      .map(([name]) => name);
    expect(outside).to.deep.equal([]);
  });

  for (const [name, code, description] of LOGOUT_ERRORS) {
    it(`${name} is an OAuth2Error: ${code}, 400, never redirected, serialized by errorFields`, () => {
      const error = new (toolkit[name] as ErrorClass)();
      expect(error).to.be.instanceOf(OAuth2Error);
      expect(error).to.be.instanceOf(OAuth2ProviderError);
      const coded = error as OAuth2Error;
      expect(coded.name).to.equal(name);
      expect(coded.code).to.equal('ERR_OAUTH2_PROTOCOL');
      expect(coded.status).to.equal(400);
      expect(coded.allowRedirect).to.equal(false);
      expect(errorFields(coded).error).to.equal(code);
      expect(errorFields(coded).error_description).to.include(description);
    });
  }

  it('a logout error takes its own description', () => {
    const error = new toolkit.InvalidOIDCRedirectURIError('This client does not have this redirect uri registered.');
    expect(error.description).to.equal('This client does not have this redirect uri registered.');
    expect(error.message).to.equal('This client does not have this redirect uri registered.');
  });
});
