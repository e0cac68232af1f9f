import { OAuth2ProviderError } from './oauth2/provider-error.js';

export { OAuth2ProviderError } from './oauth2/provider-error.js';
export type { OAuth2ProviderErrorCode } from './oauth2/provider-error.js';

/**
 * Thrown as early as a configuration mistake can be seen: at `asView()` or `configure()` where possible,
 * otherwise at the first request that reveals it. The message names the class or key and the fix.
 */
export class ImproperlyConfigured extends OAuth2ProviderError {
  override readonly code = 'ERR_IMPROPERLY_CONFIGURED' as const;
}
