import { authenticateRequestClient } from '../client-auth.js';
import { DEVICE_CODE_GRANT_TYPE, type DeviceGrantRecord } from '../device/records.js';
import { displayUserCode, generateUserCode, normalizeUserCode } from '../device/user-code.js';
import { InvalidRequestError, TemporarilyUnavailableError, UnsupportedGrantTypeError } from '../errors.js';
import type { GrantTypeBase, TokenGrant } from '../grants/base.js';
import type { ResolvedServerOptions } from '../options.js';
import type { OAuth2Request, OAuth2RequestInit } from '../request.js';
import { jsonResponse, type OAuth2Response } from '../response.js';
import { generate } from '../tokens.js';
import { assertFormPost, withJsonErrors, type AbstractConstructor, type EndpointHost } from './base.js';

// A fresh user code collides with a pending one about once in 25 billion draws per pending grant: a few tries do.
const USER_CODE_TRIES = 5;

/** What the device authorization endpoint reads from its server: the enabled token grants. */
export interface DeviceAuthorizationHost extends EndpointHost {
  readonly grantTypes: ReadonlyMap<string, TokenGrant>;
}

/** What the device authorization endpoint adds to its server. */
export interface DeviceAuthorizationEndpointMethods {
  createDeviceAuthorizationResponse(init: OAuth2RequestInit): Promise<OAuth2Response>;
  saveDeviceAuthorization(grant: GrantTypeBase, request: OAuth2Request): Promise<DeviceGrantRecord>;
  deviceAuthorizationBody(record: DeviceGrantRecord, request: OAuth2Request): Record<string, string | number>;
  verificationUri(request: OAuth2Request): string;
  verificationUriComplete(verificationUri: string, userCode: string): string | null;
}

/**
 * The device authorization endpoint (RFC 8628 §3.1, §3.2; oauthlib's `DeviceAuthorizationEndpoint`) as a layer of a
 * server: the client authenticates as at the token endpoint (a public client by `client_id` alone), its scopes are
 * validated, and a device code bound to it is stored with a user code unique among pending grants. It refuses every
 * request while the device code grant is not enabled.
 */
export function DeviceAuthorizationEndpointMixin<TBase extends AbstractConstructor<DeviceAuthorizationHost>>(
  Base: TBase,
) {
  abstract class DeviceAuthorizationEndpointLayer extends Base implements DeviceAuthorizationEndpointMethods {
    /**
     * Answer a device authorization request: 200 JSON with `device_code`, `user_code`, `verification_uri`,
     * `verification_uri_complete`, `expires_in` and `interval`, or the RFC error as JSON.
     *
     * @example
     * const res = await server.createDeviceAuthorizationResponse({ uri, httpMethod: 'POST', headers, body });
     */
    async createDeviceAuthorizationResponse(init: OAuth2RequestInit): Promise<OAuth2Response> {
      return withJsonErrors(init, this.options.realm, async (request) => {
        const grant = (this.grantTypes.get(DEVICE_CODE_GRANT_TYPE) as (TokenGrant & GrantTypeBase) | undefined) ?? null;
        if (grant === null) throw new UnsupportedGrantTypeError('The device authorization grant is not enabled.');
        assertFormPost(request);
        request.assertNoDuplicates();
        if (!request.clientId && request.header('authorization') === null) {
          throw new InvalidRequestError('Missing client_id parameter.');
        }
        await authenticateRequestClient(request, grant.validator);
        await grant.validateGrantType(request, DEVICE_CODE_GRANT_TYPE);
        await grant.validateScopes(request);
        const record = await this.saveDeviceAuthorization(grant, request);
        return jsonResponse(200, this.deviceAuthorizationBody(record, request));
      });
    }

    /** Draw the codes and have the grant stored, drawing another user code while the drawn one is taken. */
    async saveDeviceAuthorization(grant: GrantTypeBase, request: OAuth2Request): Promise<DeviceGrantRecord> {
      const o = this.options;
      for (let attempt = 0; attempt < USER_CODE_TRIES; attempt++) {
        const userCode = normalizeUserCode(
          o.oauthDeviceUserCodeGenerator === null
            ? generateUserCode()
            : await generate(o.oauthDeviceUserCodeGenerator, request),
        );
        const record: DeviceGrantRecord = {
          deviceCode: await generate(o.deviceCodeGenerator, request),
          userCode,
          clientId: request.client?.clientId ?? '',
          scopes: request.scopes,
          interval: o.deviceFlowInterval,
          expiresAt: new Date(o.now() + o.deviceCodeExpireSeconds * 1000),
        };
        if (await grant.validator.saveDeviceGrant(record, request)) return record;
      }
      throw new TemporarilyUnavailableError('No free user code could be drawn; try again.');
    }

    /** The RFC 8628 §3.2 response body. */
    deviceAuthorizationBody(record: DeviceGrantRecord, request: OAuth2Request): Record<string, string | number> {
      const userCode = displayUserCode(record.userCode);
      const verificationUri = this.verificationUri(request);
      const body: Record<string, string | number> = {
        device_code: record.deviceCode,
        user_code: userCode,
        verification_uri: verificationUri,
        expires_in: Math.floor(this.options.deviceCodeExpireSeconds),
        interval: record.interval,
      };
      const complete = this.verificationUriComplete(verificationUri, userCode);
      if (complete !== null) body.verification_uri_complete = complete;
      return body;
    }

    /** The configured verification URI, else `device/` beside this endpoint (DOT's routes). */
    verificationUri(request: OAuth2Request): string {
      const configured = this.options.oauthDeviceVerificationUri;
      if (configured !== null) return configured;
      const here = request.uri.split('?')[0] ?? '';
      // The backend hands an absolute URI; a core driven with a bare path gets a path back.
      return URL.canParse(here) ? new URL('../device/', here).href : new URL('../device/', `http://h${here}`).pathname;
    }

    /** `verification_uri_complete`: the configured template or function, else the verification URI with the code. */
    verificationUriComplete(verificationUri: string, userCode: string): string | null {
      const complete = this.options.oauthDeviceVerificationUriComplete;
      if (typeof complete === 'function') return complete(userCode);
      if (typeof complete === 'string') return complete.replaceAll('{user_code}', encodeURIComponent(userCode));
      return `${verificationUri}${verificationUri.includes('?') ? '&' : '?'}user_code=${encodeURIComponent(userCode)}`;
    }
  }
  return DeviceAuthorizationEndpointLayer as TBase & AbstractConstructor<DeviceAuthorizationEndpointMethods>;
}

/** The device authorization endpoint on its own, over one device code grant (null: disabled). */
export class DeviceAuthorizationEndpoint extends DeviceAuthorizationEndpointMixin(
  class {
    readonly grantTypes: ReadonlyMap<string, TokenGrant>;
    constructor(
      grant: (TokenGrant & GrantTypeBase) | null,
      readonly options: ResolvedServerOptions,
    ) {
      this.grantTypes = new Map(grant === null ? [] : [[DEVICE_CODE_GRANT_TYPE, grant]]);
    }
  },
) {}
