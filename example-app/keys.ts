import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateKeyFile } from './key-file.js';

/** The file under DATA_DIR holding the generated session signing key. */
export const KEY_FILE = 'secret-key';

/**
 * Return the keys that sign the session and CSRF cookies (`app.keys`): `SECRET_KEYS` (comma-separated, newest
 * first, so old keys still verify during a rotation), else a random key generated once and kept under `dataDir`
 * so sessions survive restarts. Production (`NODE_ENV=production`) requires `SECRET_KEYS`: a key file on one
 * machine does not suit several processes, and a hard-coded key would sign anyone's session.
 */
export function sessionKeys(env: NodeJS.ProcessEnv, dataDir: string): string[] {
  const configured = (env.SECRET_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  if (configured.length > 0) return configured;
  if (env.NODE_ENV === 'production') {
    throw new Error('SECRET_KEYS must be set in production (NODE_ENV=production): a comma-separated list of secrets');
  }
  const create = () => `${randomBytes(32).toString('base64url')}\n`;
  return [readOrCreateKeyFile(join(dataDir, KEY_FILE), (text) => text.trim() || null, create)];
}
