import { expect } from 'chai';
import { MikroORM } from '@mikro-orm/core';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { migrate } from '../../lib/commands/migrate.js';
import { ImproperlyConfigured } from '../../lib/errors.js';
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

  it('says what to add when the ORM has no migrator', async () => {
    // MikroORM finds @mikro-orm/migrations on its own when installed (as here), so stand in an ORM without it.
    const orm = {
      getMigrator() {
        throw new Error('@mikro-orm/migrations extension is required');
      },
    } as unknown as MikroORM;
    let error: unknown;
    try {
      await migrate(orm);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ImproperlyConfigured);
    expect((error as Error).message).to.include('extensions: [Migrator]');
  });
});
