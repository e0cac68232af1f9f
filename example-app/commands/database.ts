import type { MikroORM } from '@mikro-orm/core';
import { DataDirLockedError } from '../data-lock.js';
import { configureToolkit } from '../app.js';
import { issuerFor, readPort, settingsOverrides } from '../config.js';
import { oidcRsaKey } from '../oidc-key.js';
import { databaseChoice, openDatabase } from '../orm.js';
import { CommandError, type CommandIo } from './command.js';

/**
 * Open the database named by the command's environment, configure the toolkit as `npm start` does (the same
 * settings file, so the same validation rules, and the same OpenID Connect key), run `work`, and close it. A data directory held by the running
 * server, or a database with unapplied migrations (unless `allowPending`), is a `CommandError`.
 */
export async function withDatabase<T>(
  io: CommandIo,
  work: (orm: MikroORM) => Promise<T>,
  { allowPending = false } = {},
): Promise<T> {
  const settings = settingsOverrides(io.env);
  const choice = databaseChoice(io.env);
  // The key `npm start` signs ID tokens with (OIDC_RSA_PRIVATE_KEY, else DATA_DIR's): RS256 clients need OIDC on.
  const oidcRsaPrivateKey = oidcRsaKey(io.env, choice.dataDir);
  let database;
  try {
    database = await openDatabase(choice);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CommandError(error.message, { cause: error });
    throw error;
  }
  try {
    configureToolkit({ orm: database.orm, issuer: issuerFor(io.env, readPort(io.env)), settings, oidcRsaPrivateKey });
    if (!allowPending) {
      const pending = await database.orm.getMigrator().getPendingMigrations();
      if (pending.length > 0) {
        throw new CommandError(
          `The database has ${pending.length} unapplied migration(s): run \`npm run manage -- migrate\` first.`,
        );
      }
    }
    return await work(database.orm);
  } finally {
    await database.close();
  }
}
