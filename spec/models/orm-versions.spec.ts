/**
 * The MikroORM versions that lib/models/run-sql.ts was checked against: it is the one module that knows how MikroORM
 * holds its connections (knex's client and pool, the transaction context), so an upgrade must re-check it. Apps get
 * MikroORM as a peer with a range (^6.6.16, README's Install); this pins what the repository develops and tests on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect } from 'chai';

// The versions run-sql.ts was last read against; change them only after re-checking that module.
const CHECKED = '6.6.16';

function installedVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  // The scope's folder, found from the package the toolkit imports.
  const scope = dirname(dirname(require.resolve('@mikro-orm/core')));
  const versions: Record<string, string> = {};
  for (const name of readdirSync(scope)) {
    const manifest = JSON.parse(readFileSync(join(scope, name, 'package.json'), 'utf8')) as { version: string };
    versions[`@mikro-orm/${name}`] = manifest.version;
  }
  return versions;
}

describe('MikroORM versions checked against lib/models/run-sql.ts', () => {
  it(`finds every installed @mikro-orm/* package at ${CHECKED}`, () => {
    const versions = installedVersions();
    expect(Object.keys(versions)).to.include.members(['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/postgresql']);
    const differing = Object.entries(versions).filter(([, version]) => version !== CHECKED);
    expect(
      differing.map(([name, version]) => `${name}@${version}`),
      `lib/models/run-sql.ts reaches into MikroORM's connection handling and was checked against ${CHECKED} only: ` +
        're-check it against the installed version (and its migration guide), then update CHECKED here',
    ).to.deep.equal([]);
  });
});
