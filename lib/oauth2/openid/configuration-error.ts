import { OAuth2ProviderError } from '../provider-error.js';

/**
 * A configuration mistake the OIDC core sees (a bad key, no issuer), with the `ERR_IMPROPERLY_CONFIGURED` code of
 * the toolkit's `ImproperlyConfigured`: the core may not import lib/errors.ts, so callers match on `code`.
 */
export class OpenIDConfigurationError extends OAuth2ProviderError {
  override readonly code = 'ERR_IMPROPERLY_CONFIGURED' as const;
}
