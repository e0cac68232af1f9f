import { generateKeyPairSync } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

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
  return readOrCreateKey(dataDir);
}

function readOrCreateKey(dataDir: string): string {
  const path = join(dataDir, OIDC_KEY_FILE);
  try {
    const pem = readFileSync(path, 'utf8');
    if (pem.includes('PRIVATE KEY')) return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // 0600: the key signs ID tokens, so only this user may read it.
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, pem);
  } finally {
    closeSync(fd);
  }
  return pem;
}
