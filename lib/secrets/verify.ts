import { checkPlainSecret, checkSecret, type SecretCheck } from './hash.js';

/** The fields of an application that `verifyClientSecret()` reads. */
export interface ClientSecretHolder {
  clientSecret: string;
  hashClientSecret: boolean;
}

/**
 * Check a client's provided secret against its application, by its `hashClientSecret` mode; when the stored hash is
 * DOT's PBKDF2, `rehash` is the new stored value the caller should save.
 */
export async function verifyClientSecret(application: ClientSecretHolder, provided: string): Promise<SecretCheck> {
  if (!application.hashClientSecret) return { ok: checkPlainSecret(provided, application.clientSecret) };
  return checkSecret(provided, application.clientSecret);
}
