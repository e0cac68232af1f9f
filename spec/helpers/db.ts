/**
 * The test run's database: one MikroORM per run (PostgreSQL when DATABASE_URL is set, else PGlite in memory), its
 * schema created from the entities, and a transaction per spec file with a savepoint per test; an ORM of its own on
 * a scratch database for a spec that needs other entities or fresh connections.
 */
import { randomBytes } from 'node:crypto';
import { MikroORM, type EntityManager, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { PGliteDriver } from 'mikro-orm-pglite';
import { configure, oauth2Entities } from '../../lib/settings.js';
import type { OAuth2SettingsInput } from '../../lib/settings/types.js';
import { UserSchema } from './user-entity.js';

let ormPromise: Promise<MikroORM> | null = null;
let ormInstance: MikroORM | null = null;
let createdDatabase: string | null = null;

/** Return MikroORM options for `entities` on the test database (PostgreSQL when DATABASE_URL is set). */
export function testOrmOptions(entities: Options['entities'], dbName?: string): Options {
  const url = process.env['DATABASE_URL'];
  if (url) {
    return { driver: PostgreSqlDriver, clientUrl: url, ...(dbName ? { dbName } : {}), entities, debug: false };
  }
  return { driver: PGliteDriver, dbName: 'postgres', entities, debug: false } as Options;
}

/**
 * Return a fresh database name on the PostgreSQL server for this run, so that concurrent runs (and the example
 * app's own specs) never drop each other's tables; null on PGlite, where every ORM is its own in-memory database.
 */
export function scratchDatabaseName(prefix = 'kot'): string | null {
  const url = process.env['DATABASE_URL'];
  if (!url) return null;
  const base = new URL(url).pathname.slice(1) || 'test';
  return `${base}_${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
}

/** Create the database of `orm` if needed, then its schema from the entities. */
async function createSchema(orm: MikroORM): Promise<void> {
  await orm.schema.ensureDatabase();
  await orm.schema.refreshDatabase();
}

/** Return the run's ORM, initialized on first use with the test User and the toolkit's entities. */
export function getTestOrm(): Promise<MikroORM> {
  ormPromise ??= (async () => {
    createdDatabase = scratchDatabaseName();
    const entities = [UserSchema, ...oauth2Entities({ userEntity: UserSchema })];
    const orm = await MikroORM.init(testOrmOptions(entities, createdDatabase ?? undefined));
    await createSchema(orm);
    ormInstance = orm;
    return orm;
  })();
  return ormPromise;
}

/** Return the run's ORM once `getTestOrm()` has resolved (in a test or a hook after `useTransaction()`'s). */
export function testOrm(): MikroORM {
  if (!ormInstance) throw new Error('The test ORM is not initialized: call useTransaction() in the spec file');
  return ormInstance;
}

/** Close the run's ORM and drop its scratch database (called by the root `afterAll` hook). */
export async function closeTestOrm(): Promise<void> {
  if (!ormPromise) return;
  const orm = await ormPromise;
  ormPromise = null;
  ormInstance = null;
  if (createdDatabase) await dropDatabase(orm, createdDatabase);
  await orm.close(true);
  createdDatabase = null;
}

/** Drop a scratch database created by `createSchema()`; MikroORM reconnects to the management database first. */
export async function dropDatabase(orm: MikroORM, name: string): Promise<void> {
  await orm.schema.dropDatabase(name);
}

/**
 * Give the spec file an ORM of its own on a scratch database (`prefix` names it), created with its schema in `before`
 * and dropped in `after`; `options` are merged into the ORM's (e.g. a `logger`). `entities` is called in `before`,
 * not when the file loads: `oauth2Entities()` registers classes with MikroORM globally, so the order matters.
 * Returns the ORM's accessor, for tests and later hooks.
 */
export function useScratchOrm(
  entities: () => Options['entities'],
  prefix: string,
  options: Partial<Options> = {},
): () => MikroORM {
  let orm: MikroORM | null = null;
  let dbName: string | null = null;
  before(async function () {
    this.timeout(60000);
    dbName = scratchDatabaseName(prefix);
    orm = await MikroORM.init({ ...testOrmOptions(entities(), dbName ?? undefined), ...options });
    await createSchema(orm);
  });
  after(async () => {
    if (!orm) return;
    if (dbName) await dropDatabase(orm, dbName);
    await orm.close(true);
    orm = null;
  });
  return () => {
    if (!orm) throw new Error('useScratchOrm: the ORM exists only inside hooks and tests');
    return orm;
  };
}

/** Empty every table of `orm`'s schema (the second tier's listening-server specs commit their data). */
export async function truncateAll(orm: MikroORM): Promise<void> {
  const tables = Object.values(orm.getMetadata().getAll())
    .filter((meta) => !meta.abstract && !meta.embeddable && meta.tableName)
    .map((meta) => `"${meta.tableName}"`);
  await orm.em.getConnection().execute(`TRUNCATE ${[...new Set(tables)].join(', ')} CASCADE`);
}

/** The issuer the specs configure unless they name their own: `oauth2Routes()` refuses to build routes without one. */
export const TEST_ISSUER = 'http://127.0.0.1/o';

/** Options of `useTransaction()`. */
export interface UseTransactionOptions {
  /** Settings passed to `configure({ orm, ...settings })` before each test; false to leave the defaults. */
  settings?: Partial<OAuth2SettingsInput> | false;
}

/**
 * Open the spec file's transaction in `before` (Django's `setUpTestData` goes in the file's own `before`, after this
 * call), a savepoint in `beforeEach` rolled back in `afterEach`, and roll everything back in `after`. Before each
 * test it also calls `configure({ orm, issuer: TEST_ISSUER, ...settings })` (the root hook resets the settings after each test).
 * Returns the accessor of the transactional EntityManager, for the app under test's `ctx.state.em`.
 * @example const em = useTransaction(); it('...', async () => { await em().findOne(...) });
 */
export function useTransaction(options: UseTransactionOptions = {}): () => EntityManager {
  let em: EntityManager | null = null;
  let outer: unknown = null;
  let inner: unknown = null;
  before(async function () {
    this.timeout(60000);
    const orm = await getTestOrm();
    em = orm.em.fork();
    await em.begin();
    outer = em.getTransactionContext();
  });
  beforeEach(async () => {
    if (!em) throw new Error('useTransaction: no transaction');
    if (options.settings !== false) configure({ orm: testOrm(), issuer: TEST_ISSUER, ...(options.settings ?? {}) });
    await em.begin({ ctx: outer as never });
    inner = em.getTransactionContext();
  });
  afterEach(async () => {
    if (!em || !inner) return;
    await em.getConnection('write').rollback(inner as never);
    em.setTransactionContext(outer as never);
    em.clear();
    inner = null;
  });
  after(async () => {
    if (!em) return;
    em.setTransactionContext(outer as never);
    await em.rollback();
    em = null;
  });
  return () => {
    if (!em) throw new Error('useTransaction: the EntityManager exists only inside hooks and tests');
    return em;
  };
}
