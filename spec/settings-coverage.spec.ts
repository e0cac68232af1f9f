/**
 * A declared settings key that the library never reads is a key declared and left unwired (issue 2): fail for it.
 * The reads are found in lib/'s source with the type checker (spec/helpers/settings-reads.ts), so the library
 * carries no code that only records them.
 */
import { expect } from 'chai';
import { SETTINGS_TABLE } from '../lib/settings.js';
import { settingsTableMarkdown } from './helpers/settings-markdown.js';
import { librarySettingsReads } from './helpers/settings-reads.js';

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

  it('every declared key is read by the library, outside the settings modules', function () {
    this.timeout(60_000);
    const reads = librarySettingsReads();
    expect(reads.get('accessTokenExpireSeconds'), 'the analysis finds a known read').to.be.a('string');
    const { unwired, awaiting } = unreadKeys(new Set(reads.keys()));
    if (awaiting.length > 0) {
      console.log(`  settings coverage: declared for a later issue and not read yet: ${awaiting.join(', ')}`);
    }
    expect(unwired, 'settings declared but read nowhere in lib/ (wire them or remove them)').to.deep.equal([]);
  });

  it('renders the README table with every key', () => {
    const table = settingsTableMarkdown();
    for (const key of Object.keys(SETTINGS_TABLE)) expect(table).to.include(`| \`${key}\` |`);
    expect(table).to.include(
      '| `accessTokenExpireSeconds` | a positive integer | `36000` | `ACCESS_TOKEN_EXPIRE_SECONDS` | 36000 |',
    );
  });
});
