import { DEVICE_CODE_GRANT_TYPE } from '../../oauth2/device/records.js';
import type { ServerOptions } from '../../oauth2/options.js';
import { oauth2Settings } from '../../settings/store.js';
import { endpointUrl } from '../../urls/paths.js';

/**
 * DOT's device grant route names and paths (RFC 8628), relative to the OAuth prefix. Kept apart from the views so
 * that the server options below can be built without importing them.
 */
export const DEVICE_ROUTES = {
  authorization: { name: 'oauth2_provider:device-authorization', path: '/device-authorization/' },
  userCode: { name: 'oauth2_provider:device', path: '/device/' },
  confirm: { name: 'oauth2_provider:device-confirm', path: '/device-confirm/:client_id/:user_code' },
  status: { name: 'oauth2_provider:device-grant-status', path: '/device-grant-status/:client_id/:user_code' },
} as const;

/** Return whether the device authorization grant is served (`grantTypesSupported` lists it). */
export function deviceGrantEnabled(): boolean {
  return oauth2Settings().grantTypesSupported.includes(DEVICE_CODE_GRANT_TYPE);
}

/**
 * Return the device grant's part of the core's `ServerOptions` from the settings: the interval, the lifetime, the
 * user code generator, the verification URIs (by default the absolute `<issuer>/device/`) and the device
 * authorization endpoint for the metadata. `serverOptionsFromSettings()` already includes them.
 *
 * @example
 * new DeviceApplicationServer(new OAuth2Validator(), { ...myOAuthOptions, ...deviceServerOptions() });
 */
export function deviceServerOptions(): ServerOptions {
  const s = oauth2Settings();
  return {
    deviceFlowInterval: s.deviceFlowInterval,
    deviceCodeExpireSeconds: s.deviceCodeExpireSeconds,
    oauthDeviceUserCodeGenerator: s.oauthDeviceUserCodeGenerator,
    oauthDeviceVerificationUri: s.oauthDeviceVerificationUri || endpointUrl(s.issuer, DEVICE_ROUTES.userCode.path),
    oauthDeviceVerificationUriComplete: s.oauthDeviceVerificationUriComplete,
    deviceAuthorizationEndpoint: endpointUrl(s.issuer, DEVICE_ROUTES.authorization.path),
  };
}
