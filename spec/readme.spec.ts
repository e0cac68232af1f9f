/**
 * The README's settings table is generated from SETTINGS_TABLE (issue 2: name, type, default, DOT's name and
 * default). This spec fails when they differ; `UPDATE_README=1` rewrites the table instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'chai';
import { settingsTableMarkdown } from './helpers/settings-markdown.js';

const README = new URL('../README.md', import.meta.url);
const TABLE = /(<!-- settings-table:start -->\n)[\s\S]*?(<!-- settings-table:end -->)/;

describe('README.md', () => {
  it('shows the two set-up commands', () => {
    const text = readFileSync(README, 'utf8');
    expect(text).to.include('npm install && npm start');
    expect(text).to.include('npm test');
  });

  it('has the settings table generated from SETTINGS_TABLE', () => {
    const text = readFileSync(README, 'utf8');
    const expected = text.replace(TABLE, `$1${settingsTableMarkdown()}\n$2`);
    if (process.env['UPDATE_README'] === '1') writeFileSync(README, expected);
    expect(TABLE.test(text), 'README.md lacks the settings-table markers').to.equal(true);
    expect(text, 'the settings table is stale: run UPDATE_README=1 npm test').to.equal(expected);
  });
});
