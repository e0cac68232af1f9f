import { InvalidGrantError, InvalidRequestError, UnsupportedGrantTypeError } from '../errors.js';
import { authenticateRequestClient } from '../client-auth.js';
import type { OAuth2Request } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { GrantTypeBase, type TokenGrant } from './base.js';

/**
 * The resource owner password credentials grant (RFC 6749 §4.3). RFC 9700 §2.4 says it MUST NOT be used, so it
 * is served only when `grantTypesSupported` lists `password`.
 */
export class ResourceOwnerPasswordCredentialsGrant extends GrantTypeBase implements TokenGrant {
  /** Validate in oauthlib's order (§11.4), then issue a token (with a refresh token when that grant is on). */
  async createTokenResponse(request: OAuth2Request): Promise<OAuth2Response> {
    await this.runHooks(this.customValidators.preToken, request);
    for (const name of ['username', 'password']) {
      if (!request.param(name)) throw new InvalidRequestError(`Request is missing ${name} parameter.`);
    }
    request.assertNoDuplicates();
    if (request.grantType !== 'password') throw new UnsupportedGrantTypeError();
    const client = await authenticateRequestClient(request, this.validator);
    const ok = await this.validator.validateUser(
      request.param('username') ?? '',
      request.param('password') ?? '',
      client,
      request,
    );
    if (!ok) throw new InvalidGrantError('Invalid credentials given.');
    await this.validateGrantType(request, 'password');
    await this.validateScopes(request);
    await this.runHooks(this.customValidators.postToken, request);
    const token = await this.issueToken(request, { issue: this.issuesRefreshTokens });
    return this.tokenResponse(token, request, true);
  }
} // c8 maps esbuild's trailing `export { ... }` onto this brace; no code runs on this line.
