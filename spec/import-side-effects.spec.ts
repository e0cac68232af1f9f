/**
 * Importing the library does nothing but define things (issue 11): no registration or wiring at import, which would
 * make behaviour depend on which module an app happens to import first. Wiring is done where `configure()` runs.
 * Checked twice: statically (no statement at a module's top level that runs code for its effect) and in a fresh
 * process (importing every module of lib/ changes no global, registers no model and starts nothing).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const LIB = join(ROOT, 'lib');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// Declarations only: a variable's initializer is allowed (a constant, a Map, a debug logger), a bare call is not.
const DECLARATIONS = new Set([
  ts.SyntaxKind.ImportDeclaration,
  ts.SyntaxKind.ImportEqualsDeclaration,
  ts.SyntaxKind.ExportDeclaration,
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.VariableStatement,
]);

/** Whether a statement is a `declare module '...' { ... }` augmentation: types only, nothing is emitted. */
function isAmbientModule(statement: ts.Statement): boolean {
  return (
    ts.isModuleDeclaration(statement) &&
    (ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Ambient) !== 0 &&
    ts.isStringLiteral(statement.name)
  );
}

/** Return the top-level statements of `file` that run code for their effect, as `line: text`. */
function effectStatements(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return source.statements
    .filter((s) => !DECLARATIONS.has(s.kind) && !isAmbientModule(s))
    .map((s) => `${source.getLineAndCharacterOfPosition(s.getStart()).line + 1}: ${s.getText().split('\n')[0]}`);
}

// Run in a fresh process: import @mikro-orm/core first (its own set-up is not ours), take a snapshot, import every
// module of lib/, and report what changed.
const PROBE = `
const core = await import('@mikro-orm/core');
const snapshot = () => ({
  globals: Object.getOwnPropertyNames(globalThis).sort(),
  listeners: process.eventNames().map((e) => String(e) + ':' + process.listenerCount(e)).sort(),
  resources: process.getActiveResourcesInfo().sort(),
});
const before = snapshot();
for (const url of JSON.parse(process.env.PROBE_MODULES)) await import(url);
const after = snapshot();
const index = await import(process.env.PROBE_INDEX);
let orm = 'none';
try { index.getOrm(); orm = 'configured'; } catch {}
process.stdout.write(JSON.stringify({
  before,
  after,
  entities: Object.keys(core.MetadataStorage.getMetadata()),
  settingsVersion: index.settingsVersion(),
  orm,
}));
`;

describe('importing the library', () => {
  for (const file of files(LIB)) {
    const name = relative(ROOT, file);
    it(`${name} runs no statement at import (only declarations)`, () => {
      expect(effectStatements(file), name).to.deep.equal([]);
    });
  }

  it('in a fresh process: changes no global, registers no model, starts nothing, configures nothing', function () {
    this.timeout(60_000);
    const modules = files(LIB).map((f) => pathToFileURL(f).href);
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROBE], {
      cwd: ROOT,
      env: {
        ...process.env,
        DEBUG: '',
        PROBE_MODULES: JSON.stringify(modules),
        PROBE_INDEX: pathToFileURL(join(LIB, 'index.ts')).href,
      },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = JSON.parse(output) as {
      before: unknown;
      after: unknown;
      entities: string[];
      settingsVersion: number;
      orm: string;
    };
    expect(result.after, 'globals, process listeners or active handles changed by an import').to.deep.equal(
      result.before,
    );
    expect(result.entities, "entities in MikroORM's global metadata").to.deep.equal([]);
    expect(result.settingsVersion, 'settings installed at import').to.equal(0);
    expect(result.orm).to.equal('none');
  });
});
