/**
 * A declared settings key that no test reads is a key declared and left unwired (issue 2): fail the run for it.
 * Reads are recorded through oauth2Settings() (spec/helpers/hooks.ts turns the recording on). The check runs in a
 * root `after` hook, once every spec file has run; on a partial run (some spec files not loaded) it cannot judge,
 * and says so.
 */
import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { SETTINGS_TABLE } from '../lib/settings.js';
import { settingsTableMarkdown } from '../lib/settings/markdown.js';
import { trackSettingsReads } from '../lib/settings/store.js';

const ROOTS = ['spec', 'example-app/spec'];

function specFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return specFiles(p);
    return e.name.endsWith('.spec.ts') ? [path.resolve(p)] : [];
  });
}

/** Return the declared keys that were never read, split into those awaiting a later issue and the rest. */
export function unreadKeys(
  reads: ReadonlySet<string>,
  table: Readonly<Record<string, { wiredBy?: string }>> = SETTINGS_TABLE,
): { unwired: string[]; awaiting: string[] } {
  const unread = Object.keys(table).filter((k) => !reads.has(k));
  const awaiting = unread.filter((k) => table[k]?.wiredBy);
  return { unwired: unread.filter((k) => !awaiting.includes(k)), awaiting };
}

describe('settings coverage', () => {
  it('finds an unread key, and tells keys awaiting a later issue apart', () => {
    expect(unreadKeys(new Set(Object.keys(SETTINGS_TABLE)))).to.deep.equal({ unwired: [], awaiting: [] });
    const table = { wired: {}, forgotten: {}, later: { wiredBy: '#5' } };
    expect(unreadKeys(new Set(['wired']), table)).to.deep.equal({ unwired: ['forgotten'], awaiting: ['later'] });
  });

  it('renders the README table with every key', () => {
    const table = settingsTableMarkdown();
    for (const key of Object.keys(SETTINGS_TABLE)) expect(table).to.include(`| \`${key}\` |`);
    expect(table).to.include(
      '| `accessTokenExpireSeconds` | a positive integer | `36000` | `ACCESS_TOKEN_EXPIRE_SECONDS` | 36000 |',
    );
  });
});

function loadedFiles(suite: Mocha.Suite): string[] {
  const own = [suite.file, ...suite.tests.map((t) => t.file)].filter((f): f is string => typeof f === 'string');
  return [...own, ...suite.suites.flatMap(loadedFiles)];
}

// Registered on the root suite, so it runs after every spec file of the run.
after(function () {
  const root = this.test?.parent;
  const loaded = new Set(root ? loadedFiles(root).map((f) => path.resolve(f)) : []);
  const missing = ROOTS.flatMap((r) => specFiles(r)).filter((f) => !loaded.has(f));
  const { unwired, awaiting } = unreadKeys(trackSettingsReads());
  if (missing.length > 0) {
    console.log(
      `  settings coverage: not judged on a partial run (${missing.length} spec files not loaded);` +
        ` unread so far: ${[...unwired, ...awaiting].join(', ') || 'none'}`,
    );
    return;
  }
  if (awaiting.length > 0) {
    console.log(`  settings coverage: declared for a later issue and not read yet: ${awaiting.join(', ')}`);
  }
  if (unwired.length > 0) {
    throw new Error(`Settings declared but read by no test (wire them or remove them): ${unwired.join(', ')}`);
  }
});
