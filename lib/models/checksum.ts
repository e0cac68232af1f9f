import { createHash } from 'node:crypto';

/**
 * Return the SHA-256 hex checksum under which a token or code is stored and looked up.
 * Only the checksum is kept, so a copy of the database lets nobody in (ARCHITECTURE.md, Storage).
 */
export function tokenChecksum(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
