import { migrate } from '../../lib/index.js';
import { parseOptions, type Command } from './command.js';
import { withDatabase } from './database.js';

/** `migrate`: apply the example app's pending migrations (Django's `migrate`). */
export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply the pending database migrations.',
  usage: 'migrate',
  async run(argv, io) {
    parseOptions(argv, {});
    await withDatabase(
      io,
      async (orm) => {
        const applied = await migrate(orm);
        if (applied.length === 0) io.out('No migrations to apply.');
        for (const name of applied) io.out(`Applied ${name}`);
      },
      { allowPending: true },
    );
  },
};
