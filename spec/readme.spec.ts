/**
 * The README's settings table is generated from SETTINGS_TABLE (issue 2: name, type, default, DOT's name and
 * default). This spec fails when they differ; `UPDATE_README=1` rewrites the table instead. Its TypeScript snippets
 * are a fresh app that `npm run test:package` builds and runs on the packed toolkit (spec/helpers/readme-app.ts):
 * here, that none is left out and that the install line names the package's peers.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'chai';
import { README, readmeAppFiles, readmeInstallCommands } from './helpers/readme-app.js';
import { settingsTableMarkdown } from './helpers/settings-markdown.js';

const TABLE = /(<!-- settings-table:start -->\n)[\s\S]*?(<!-- settings-table:end -->)/;
const GLUE = new URL('./package/app/', import.meta.url);

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

  it("has every TypeScript snippet as a file of the packaged app, each relative import one of the app's files", () => {
    const files = readmeAppFiles();
    expect([...files.keys()]).to.include.members(['src/user.ts', 'src/orm.ts', 'src/app.ts', 'src/main.ts']);
    for (const [path, code] of files) {
      for (const match of code.matchAll(/(?:from|import) '(\.\/[\w/.-]+)\.js'/g)) {
        const target = match[1]!;
        const file = new URL(`${target}.ts`, `file:///${path}`).pathname.slice(1);
        expect(files.has(file) || existsSync(new URL(file, GLUE)), `${path} imports ${file}`).to.equal(true);
      }
    }
  });

  it("installs every peer of package.json at a version inside its range, MikroORM's packages at one version", () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      peerDependencies: Record<string, string>;
    };
    const named = new Map(
      readmeInstallCommands()
        .flat()
        .map((arg) => /^(@?[^@\s]+)@(\d[\w.-]*)$/.exec(arg))
        .filter((m) => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    for (const [peer, range] of Object.entries(manifest.peerDependencies)) {
      expect(named.get(peer), `README's install line names ${peer}`).to.be.a('string');
      expect(withinCaret(named.get(peer)!, range), `${peer}@${named.get(peer)} within ${range}`).to.equal(true);
    }
    const orm = [...named].filter(([name]) => name.startsWith('@mikro-orm/')).map(([, version]) => version);
    expect(new Set(orm).size, 'one version for every @mikro-orm/* package').to.equal(1);
  });
});

/** Whether `version` (a major like `3`, or a full `6.6.16`) falls inside a caret range `^a.b.c`. */
function withinCaret(version: string, range: string): boolean {
  const low = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range)?.slice(1).map(Number);
  if (!low) return false;
  const parts = version.split('.').map(Number);
  if (parts[0] !== low[0]) return false;
  if (parts.length < 3) return true; // a major (or major.minor) the range's newest release satisfies
  for (let i = 1; i < 3; i += 1) if (parts[i] !== low[i]) return parts[i]! > low[i]!;
  return true;
}
