import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateKeyFile } from './key-file.js';

/** The file under DATA_DIR holding the generated OpenID Connect signing key (PKCS#8 PEM). */
export const OIDC_KEY_FILE = 'oidc-rsa-key.pem';

/**
 * Return the RSA private key (PKCS#8 PEM) that signs the example app's ID tokens: `OIDC_RSA_PRIVATE_KEY`, else a
 * 2048-bit key generated on the first start and kept in `dataDir` (mode 0600), so that ID tokens issued before a
 * restart still verify against the published JWKS. Production (`NODE_ENV=production`) requires the variable: a
 * key file on one machine does not suit several processes.
 */
export function oidcRsaKey(env: NodeJS.ProcessEnv, dataDir: string): string {
  const configured = env.OIDC_RSA_PRIVATE_KEY?.trim();
  if (configured) return configured;
  if (env.NODE_ENV === 'production') {
    throw new Error('OIDC_RSA_PRIVATE_KEY must be set in production (NODE_ENV=production): a PEM RSA private key');
  }
  return readOrCreateKeyFile(
    join(dataDir, OIDC_KEY_FILE),
    (pem) => (pem.includes('PRIVATE KEY') ? pem : null),
    () =>
      generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
  );
}
