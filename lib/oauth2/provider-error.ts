/** Stable machine-readable codes of the toolkit's own errors (jose-style). */
export type OAuth2ProviderErrorCode = 'ERR_IMPROPERLY_CONFIGURED' | 'ERR_OAUTH2_PROTOCOL' | 'ERR_OAUTH2_PROVIDER';

/** Base class of every error the toolkit throws; `name` is the concrete class name. */
export class OAuth2ProviderError extends Error {
  readonly code: OAuth2ProviderErrorCode = 'ERR_OAUTH2_PROVIDER';

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
