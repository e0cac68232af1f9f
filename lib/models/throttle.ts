import { EntitySchema } from '@mikro-orm/core';

/** The table of `Throttle` (in `oauth2Entities()`). */
export const THROTTLE_TABLE = 'oauth2_provider_throttle';

/**
 * The failure counter of one throttling key (lib/throttle): a pair (client or user id, address) or an address,
 * known only by its SHA-256 checksum. Written by one atomic UPSERT per failure, read within the statement that
 * loads the client, purged by `cleartokens` once its window has passed.
 */
export class Throttle {
  /** The key's checksum. */
  key!: string;
  /** `client` or `user` for a pair, `address` for an address. */
  kind!: string;
  /** Failures in the current window. */
  failures = 0;
  /** Start of the current window (after a block: the end of the block). */
  windowStart!: Date;
  /** End of the latest block, or null. */
  blockedUntil: Date | null = null;
  /** Blocks so far (each twice as long as the one before). */
  blocks = 0;
}

/** Build the schema of `Throttle`. */
export function throttleSchema(): EntitySchema<Throttle> {
  return new EntitySchema<Throttle>({
    class: Throttle,
    tableName: THROTTLE_TABLE,
    properties: {
      key: { type: 'string', length: 64, primary: true },
      kind: { type: 'string', length: 16 },
      failures: { type: 'integer', default: 0 },
      // cleartokens deletes by window; without an index every batch would scan the table.
      windowStart: { type: 'datetime', index: true },
      blockedUntil: { type: 'datetime', nullable: true },
      blocks: { type: 'integer', default: 0 },
    },
  });
}
