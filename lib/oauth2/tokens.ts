import { randomBytes } from 'node:crypto';
import type { ResolvedServerOptions, TokenGenerator } from './options.js';
import type { BearerToken, TokenLifetimes } from './records.js';
import type { OAuth2Request } from './request.js';
import { joinScope } from './scopes.js';

/** Return 32 bytes (256 bits) from the CSPRNG, base64url-encoded: the default for tokens and codes. */
export function randomTokenGenerator(): string {
  return randomBytes(32).toString('base64url');
}

/** Call a configured generator or the default one, and refuse an empty value. */
export async function generate(generator: TokenGenerator | null, request: OAuth2Request): Promise<string> {
  const value = generator === null ? randomTokenGenerator() : await generator(request);
  // A broken custom generator must not mint an empty or non-string token: fail loudly (a 500), never issue it.
  if (typeof value !== 'string' || value === '') throw new TypeError('token generator returned an empty value');
  return value;
}

/**
 * Create a bearer token response for the request's scopes (RFC 6749 §5.1): a fresh access token, a refresh
 * token when asked for (the presented one when `reuseRefreshToken` is given: rotation off), and the
 * integrator's extra credentials.
 */
export async function createBearerToken(
  request: OAuth2Request,
  options: ResolvedServerOptions,
  refresh: { issue: boolean; reuse?: string | null },
): Promise<BearerToken> {
  const token: BearerToken = {
    access_token: await generate(options.accessTokenGenerator, request),
    token_type: 'Bearer',
    expires_in: Math.floor(options.accessTokenExpireSeconds),
    scope: joinScope(request.scopes),
  };
  if (refresh.issue) {
    token.refresh_token = refresh.reuse ?? (await generate(options.refreshTokenGenerator, request));
  }
  if (request.extraCredentials) {
    for (const [name, value] of Object.entries(request.extraCredentials)) {
      // The standard fields stay the core's: extra credentials only add (DOT `_get_extra_credentials`).
      if (!(name in token)) token[name] = value;
    }
  }
  return token;
}

/** Compute the expiry instants of a token the core is about to have saved. */
export function tokenLifetimes(options: ResolvedServerOptions, hasRefreshToken: boolean): TokenLifetimes {
  const now = options.now();
  const refreshSeconds = options.refreshTokenExpireSeconds;
  const grace = options.refreshTokenGracePeriodSeconds;
  return {
    accessTokenExpiresAt: new Date(now + options.accessTokenExpireSeconds * 1000),
    refreshTokenExpiresAt: hasRefreshToken && refreshSeconds !== null ? new Date(now + refreshSeconds * 1000) : null,
    graceUntil: hasRefreshToken && grace > 0 ? new Date(now + grace * 1000) : null,
  };
}
