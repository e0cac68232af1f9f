import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/core';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { migrate } from '../../lib/commands/migrate.js';
import { oauth2Entities } from '../../lib/settings.js';
import { dropDatabase, scratchDatabaseName, testOrmOptions } from '../helpers/db.js';
import { UserSchema } from '../helpers/user-entity.js';

class Migration00000000000001 extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "migrate_probe" ("id" serial primary key);');
  }
}

describe('migrate()', () => {
  const entities = () => [UserSchema, ...oauth2Entities({ userEntity: UserSchema })];

  it("applies the app's pending migrations once, returning their names", async () => {
    const dbName = scratchDatabaseName('mig');
    const orm = await MikroORM.init({
      ...testOrmOptions(entities(), dbName ?? undefined),
      extensions: [Migrator],
      migrations: {
        silent: true,
        snapshot: false, // a spec writes no files into the work tree
        migrationsList: [{ name: 'Migration00000000000001', class: Migration00000000000001 }],
      },
    });
    try {
      await orm.schema.ensureDatabase();
      expect(await migrate(orm)).to.deep.equal(['Migration00000000000001']);
      expect(await migrate(orm)).to.deep.equal([]);
      const rows = await orm.em.getConnection().execute("select to_regclass('migrate_probe') as t");
      expect(rows[0]).to.deep.equal({ t: 'migrate_probe' });
    } finally {
      if (dbName) await dropDatabase(orm, dbName);
      await orm.close(true);
    }
  });

  it('registers the migrator itself when the ORM options do not list it', async () => {
    const dbName = scratchDatabaseName('mig2');
    const orm = await MikroORM.init({
      ...testOrmOptions(entities(), dbName ?? undefined),
      migrations: {
        silent: true,
        snapshot: false,
        migrationsList: [{ name: 'Migration00000000000001', class: Migration00000000000001 }],
      },
    });
    try {
      await orm.schema.ensureDatabase();
      expect(await migrate(orm)).to.deep.equal(['Migration00000000000001']);
    } finally {
      if (dbName) await dropDatabase(orm, dbName);
      await orm.close(true);
    }
  });
});
