import { checkPlainSecret, checkSecret, failedSecretCheck, type SecretCheck } from './hash.js';

/** The fields of an application that `verifyClientSecret()` reads. */
export interface ClientSecretHolder {
  clientSecret: string;
  hashClientSecret: boolean;
}

/**
 * Check a client's provided secret against its application, by its `hashClientSecret` mode; when the stored hash is
 * DOT's PBKDF2, `rehash` is the new stored value the caller should save. `null` is a client with no secret to check
 * (unknown, or public): it fails. Every failure costs the same (see `checkSecret()`).
 */
export async function verifyClientSecret(
  application: ClientSecretHolder | null,
  provided: string,
): Promise<SecretCheck> {
  if (application === null) return failedSecretCheck(provided);
  if (application.hashClientSecret) return checkSecret(provided, application.clientSecret);
  return checkPlainSecret(provided, application.clientSecret) ? { ok: true } : failedSecretCheck(provided);
}
