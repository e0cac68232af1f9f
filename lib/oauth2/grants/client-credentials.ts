import { UnsupportedGrantTypeError } from '../errors.js';
import { authenticateRequestClient } from '../client-auth.js';
import type { OAuth2Request } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { GrantTypeBase, type TokenGrant } from './base.js';

/** The client credentials grant (RFC 6749 §4.4): confidential clients only, no refresh token (§4.4.3). */
export class ClientCredentialsGrant extends GrantTypeBase implements TokenGrant {
  /** Validate in oauthlib's order (§11.4), then issue a token for the client itself (no user). */
  async createTokenResponse(request: OAuth2Request): Promise<OAuth2Response> {
    await this.runHooks(this.customValidators.preToken, request);
    if (request.grantType !== 'client_credentials') throw new UnsupportedGrantTypeError();
    request.assertNoDuplicates();
    await authenticateRequestClient(request, this.validator, true);
    await this.validateGrantType(request, 'client_credentials');
    await this.validateScopes(request);
    await this.runHooks(this.customValidators.postToken, request);
    request.user = null;
    const token = await this.issueToken(request, { issue: false });
    return this.tokenResponse(token, request, true);
  }
} // c8 maps esbuild's trailing `export { ... }` onto this brace; no code runs on this line.
