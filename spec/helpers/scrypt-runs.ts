/** Count the toolkit's scrypt runs (lib/secrets publishes each on `SCRYPT_CHANNEL`). */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { SCRYPT_CHANNEL, type ScryptRun } from '../../lib/secrets/index.js';

/** The cost parameters of `hashSecret()`'s scrypt, which every failed secret check must spend once. */
export const HASH_SECRET_COST: ScryptRun = { N: 2 ** 15, r: 8, p: 1 };

/** Run `action` and return the scrypt runs published meanwhile. */
export async function scryptRunsOf(action: () => Promise<unknown>): Promise<unknown[]> {
  const runs: unknown[] = [];
  const listen = (message: unknown) => runs.push(message);
  subscribe(SCRYPT_CHANNEL, listen);
  try {
    await action();
  } finally {
    unsubscribe(SCRYPT_CHANNEL, listen);
  }
  return runs;
}
