import { authenticateRequestClient } from '../client-auth.js';
import { AuthorizationPendingError, ExpiredTokenError, SlowDownError } from '../device/errors.js';
import { DEVICE_CODE_GRANT_TYPE, type ApprovedDeviceGrant } from '../device/records.js';
import { AccessDeniedError, InvalidGrantError, InvalidRequestError, UnsupportedGrantTypeError } from '../errors.js';
import type { OAuth2Request } from '../request.js';
import type { OAuth2Response } from '../response.js';
import { GrantTypeBase, type TokenGrant } from './base.js';

/**
 * The device access token request (RFC 8628 §3.4, §3.5; oauthlib's `DeviceCodeGrant`): the client authenticates,
 * then each poll is recorded by storage in one conditional write that also decides `slow_down`; an approved code
 * is redeemed once, before any token exists, so that of concurrent polls exactly one gets tokens.
 */
export class DeviceCodeGrant extends GrantTypeBase implements TokenGrant {
  /** Validate in oauthlib's order, poll, redeem, then issue (with a refresh token when that grant is enabled). */
  async createTokenResponse(request: OAuth2Request): Promise<OAuth2Response> {
    const grant = await this.validateTokenRequest(request);
    const clientId = grant.clientId;
    if (!(await this.validator.redeemDeviceCode(clientId, request.param('device_code') ?? '', request))) {
      // A concurrent poll redeemed it first (RFC 8628 §3.5: the code is used once).
      throw new InvalidGrantError('The device code was already used.');
    }
    const token = await this.issueToken(request, { issue: this.issuesRefreshTokens });
    return this.tokenResponse(token, request, true);
  }

  /** The token request checks, in oauthlib's order; returns the approved grant, set on the request. */
  async validateTokenRequest(request: OAuth2Request): Promise<ApprovedDeviceGrant> {
    if (request.grantType !== DEVICE_CODE_GRANT_TYPE) throw new UnsupportedGrantTypeError();
    await this.runHooks(this.customValidators.preToken, request);
    const deviceCode = request.param('device_code');
    if (!deviceCode) throw new InvalidRequestError('Missing device_code parameter.');
    request.assertNoDuplicates();
    const client = await authenticateRequestClient(request, this.validator);
    await this.validateGrantType(request, DEVICE_CODE_GRANT_TYPE);
    const grant = await this.pollOnce(client.clientId, deviceCode, request);
    request.user = grant.user;
    request.scopes = grant.scopes;
    request.authTime = grant.authTime;
    request.acr = grant.acr;
    await this.runHooks(this.customValidators.postToken, request);
    return grant;
  }

  /** Have storage record this poll and turn its outcome into the RFC 8628 §3.5 answer. */
  async pollOnce(clientId: string, deviceCode: string, request: OAuth2Request): Promise<ApprovedDeviceGrant> {
    const poll = await this.validator.pollDeviceCode(clientId, deviceCode, request);
    switch (poll.status) {
      case 'authorized':
        return poll.grant;
      case 'pending':
        throw new AuthorizationPendingError();
      case 'slow_down':
        throw new SlowDownError();
      case 'denied':
        throw new AccessDeniedError('The user denied the authorization request.');
      case 'expired':
        throw new ExpiredTokenError();
      default:
        throw new InvalidGrantError('Invalid device code.');
    }
  }
} // c8 maps esbuild's trailing `export { ... }` onto this brace; no code runs on this line.
