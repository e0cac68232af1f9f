import { OAuth2ProviderError } from '../oauth2/provider-error.js';

/** Field name → messages, every field's problems reported at once (DOT 3.4.1's per-field `clean()` errors). */
export type FieldErrors = Record<string, string[]>;

/** A model failed validation; `fieldErrors` says which fields and why (values are never secrets here). */
export class ModelValidationError extends OAuth2ProviderError {
  readonly fieldErrors: FieldErrors;

  constructor(fieldErrors: FieldErrors) {
    const summary = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${messages.join('; ')}`)
      .join('\n');
    super(`Please correct the following errors:\n${summary}`);
    this.fieldErrors = fieldErrors;
  }
}

/** Collect field errors, then throw them together. */
export class FieldErrorCollector {
  readonly errors: FieldErrors = {};

  /** Record a message for `field`. */
  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  /** Throw a `ModelValidationError` when anything was recorded. */
  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw new ModelValidationError(this.errors);
  }
}
