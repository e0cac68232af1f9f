import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { openDatabase } from '../orm.js';
import { createScratchDatabase } from '../scratch-database.js';

/** A migrated database for one spec file, and how to dispose of it. */
export interface TestDatabase {
  orm: MikroORM;
  /** `postgresql` when DATABASE_URL is set (a scratch database on that server), else `pglite` (a temp folder). */
  kind: 'postgresql' | 'pglite';
  dispose(): Promise<void>;
}

/** Make a temporary folder for a DATA_DIR. */
export function tempDir(prefix = 'example-app-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Open an empty database with the shipped migrations applied: a scratch PostgreSQL database when DATABASE_URL is
 * set (dropped by `dispose()`), else PGlite in a fresh temporary folder (removed by `dispose()`).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, 'koa_oauth_toolkit_example_spec');
    await scratch.orm.getMigrator().up();
    return { orm: scratch.orm, kind: 'postgresql', dispose: () => scratch.drop() };
  }
  const dataDir = tempDir();
  const database = await openDatabase({ dataDir });
  await database.orm.getMigrator().up();
  return {
    orm: database.orm,
    kind: 'pglite',
    async dispose() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
