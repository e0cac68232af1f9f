import { clearTokens } from '../../lib/index.js';
import { parseOptions, type Command } from './command.js';
import { withDatabase } from './database.js';

/** `cleartokens`: delete expired and revoked tokens and expired codes in batches (DOT's `cleartokens`, for cron). */
export const cleartokensCommand: Command = {
  name: 'cleartokens',
  summary: 'Delete expired tokens and codes (batched; run it from cron).',
  usage: 'cleartokens',
  async run(argv, io) {
    parseOptions(argv, {});
    await withDatabase(io, async (orm) => {
      const result = await clearTokens(orm);
      io.out(
        `Deleted ${result.accessTokens} access token(s), ${result.refreshTokens} refresh token(s), ` +
          `${result.idTokens} ID token(s), ${result.grants} code(s) and ${result.deviceGrants} device grant(s) ` +
          `in ${result.batches} batch(es).`,
      );
    });
  },
};
