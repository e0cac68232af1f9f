import { rmSync } from 'node:fs';
import { expect } from 'chai';
import type { MikroORM } from '@mikro-orm/core';
import { migrationsList } from '../migrations/index.js';
import { User } from '../models/user.js';
import { openDatabase } from '../orm.js';
import { createScratchDatabase } from '../scratch-database.js';
import { tempDir } from './database.js';

const SHIPPED = migrationsList.map((migration) => migration.name);
const TABLES = [
  'auth_user',
  'oauth2_provider_application',
  'oauth2_provider_accesstoken',
  'oauth2_provider_refreshtoken',
  'oauth2_provider_grant',
  'oauth2_provider_idtoken',
  'django_session',
  'oauth2_provider_throttle',
];

async function tableNames(orm: MikroORM): Promise<string[]> {
  const sql = 'select table_name from information_schema.tables where table_schema = current_schema()';
  const rows: { table_name: string }[] = await orm.em.getConnection().execute(sql);
  return rows.map((row) => row.table_name);
}

/** The checks both databases must pass, starting from an empty schema. */
async function checkMigrations(orm: MikroORM): Promise<void> {
  const migrator = orm.getMigrator();
  expect(await tableNames(orm)).not.to.include('auth_user');
  const applied = await migrator.up();
  expect(applied.map((migration) => migration.name)).to.deep.equal(SHIPPED);
  expect(await tableNames(orm)).to.include.members(TABLES);
  // The shipped migrations create exactly the schema the entities describe: nothing left to diff.
  expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).to.equal('');
  expect(await migrator.up()).to.deep.equal([]);
  await migrator.down({ to: 0 });
  expect(await tableNames(orm)).not.to.include.any.members(TABLES);
}

describe('example app: migrations', () => {
  it('ships at least one migration, listed in code', () => {
    expect(SHIPPED).to.have.length.greaterThan(0);
    for (const name of SHIPPED) expect(name).to.match(/^Migration\d{14}/);
  });

  describe('on an empty PostgreSQL database', () => {
    const serverUrl = process.env.DATABASE_URL;

    before(function () {
      if (!serverUrl) {
        console.log('    (pending: set DATABASE_URL to apply the migrations to PostgreSQL)');
        this.skip();
      }
    });

    it('apply, match the entities exactly, and revert', async () => {
      const scratch = await createScratchDatabase(serverUrl!, 'koa_oauth_toolkit_migrations_spec');
      try {
        await checkMigrations(scratch.orm);
      } finally {
        await scratch.drop();
      }
    });
  });

  describe('on a fresh PGlite directory', () => {
    it('apply, match the entities exactly, and revert', async () => {
      const dataDir = tempDir();
      const database = await openDatabase({ dataDir });
      try {
        await checkMigrations(database.orm);
      } finally {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('keep their data on disk across reopenings', async () => {
      const dataDir = tempDir();
      try {
        const first = await openDatabase({ dataDir });
        try {
          await first.orm.getMigrator().up();
          const em = first.orm.em.fork();
          em.create(User, { username: 'persisted' });
          await em.flush();
        } finally {
          await first.close();
        }
        const second = await openDatabase({ dataDir });
        try {
          expect(await second.orm.getMigrator().getPendingMigrations()).to.deep.equal([]);
          expect(await second.orm.em.fork().count(User, { username: 'persisted' })).to.equal(1);
        } finally {
          await second.close();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
});
