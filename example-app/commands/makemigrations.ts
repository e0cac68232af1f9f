import { makeMigrations, migrate } from '../../lib/index.js';
import { createScratchDatabase } from '../scratch-database.js';
import { CommandError, parseOptions, type Command } from './command.js';

/**
 * `makemigrations`: generate a migration for the difference between the shipped migrations and the entities
 * (the example User plus the toolkit's) with the toolkit's `makeMigrations()`, against PostgreSQL: a scratch
 * database on the `DATABASE_URL` server gets the shipped migrations, then the migrator diffs it with the metadata.
 */
export const makemigrationsCommand: Command = {
  name: 'makemigrations',
  summary: 'Generate a migration for model changes (needs DATABASE_URL: PostgreSQL).',
  usage: 'makemigrations [--name <suffix>]',
  async run(argv, io) {
    const { values } = parseOptions(argv, { name: { type: 'string' } });
    if (values.name !== undefined && !/^\w+$/u.test(values.name)) {
      throw new CommandError('--name may only hold letters, digits and underscores');
    }
    const serverUrl = io.env.DATABASE_URL;
    if (!serverUrl) {
      throw new CommandError(
        'makemigrations generates against PostgreSQL: set DATABASE_URL (a scratch database is created on that server and dropped)',
      );
    }
    const scratch = await createScratchDatabase(serverUrl, 'koa_oauth_toolkit_makemigrations');
    try {
      await migrate(scratch.orm);
      const made = await makeMigrations(scratch.orm, values.name === undefined ? {} : { name: values.name });
      if (!made.fileName) {
        io.out('No changes detected.');
        return;
      }
      io.out(
        `Created example-app/migrations/${made.fileName} (${made.statements} statements); read it before committing.`,
      );
    } finally {
      await scratch.drop();
    }
  },
};
