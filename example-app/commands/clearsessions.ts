import { clearExpiredSessions } from '../session-store.js';
import { parseOptions, type Command } from './command.js';
import { withDatabase } from './database.js';

/** `clearsessions`: delete expired sessions (Django's `clearsessions`, for cron); they log nobody in meanwhile. */
export const clearsessionsCommand: Command = {
  name: 'clearsessions',
  summary: 'Delete expired sessions (run it from cron).',
  usage: 'clearsessions',
  async run(argv, io) {
    parseOptions(argv, {});
    await withDatabase(io, async (orm) => {
      io.out(`Deleted ${await clearExpiredSessions(orm.em.fork())} expired session(s).`);
    });
  },
};
