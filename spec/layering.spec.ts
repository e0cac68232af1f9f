import { expect } from 'chai';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const LIB = resolve(import.meta.dirname, '../lib');

/** One import edge of a module: where it points, and whether it survives compilation. */
interface ImportEdge {
  readonly specifier: string | null;
  readonly typeOnly: boolean;
}

/**
 * Return every import of a TypeScript source: `import ... from`, `import '...'`, `export ... from` and `import()`.
 * A dynamic import whose argument is not a string literal yields a null specifier, which cannot be followed.
 */
function importsOf(source: string, fileName = 'module.ts'): ImportEdge[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2023, true);
  const edges: ImportEdge[] = [];
  const literal = (node: ts.Node | undefined): string | null =>
    node !== undefined && ts.isStringLiteralLike(node) ? node.text : null;
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      edges.push({ specifier: literal(node.moduleSpecifier), typeOnly: node.importClause?.isTypeOnly ?? false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      edges.push({ specifier: literal(node.moduleSpecifier), typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      edges.push({ specifier: literal(node.arguments[0]), typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return edges;
}

/** Resolve a relative specifier of `from` to a source file (`./x.js` is `./x.ts`), or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = resolve(dirname(from), specifier);
  const candidates = [target.replace(/\.js$/, '.ts'), target, join(target, 'index.ts')];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (found === undefined) throw new Error(`${from}: cannot resolve ${specifier}`);
  return found;
}

function libFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? libFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const name = (path: string, lib = LIB): string => relative(lib, path);

/**
 * Return the import chains by which `root` reaches `<lib>/models` without passing through the validator
 * (`<lib>/validator.ts`, `<lib>/validator/*`: the bridge, the one layer above the models that may use them),
 * following every edge that exists at run time. Type-only imports (`import type`, `export type ... from`) are erased
 * by the compiler and perform no lookup, so they are not followed.
 */
function pathsToModels(root: string, lib = LIB): string[][] {
  const isModels = (path: string): boolean => name(path, lib).startsWith('models/');
  const isValidator = (path: string): boolean => /^validator(\.ts$|\/)/.test(name(path, lib));
  const found: string[][] = [];
  const seen = new Set<string>([root]);
  const queue: string[][] = [[root]];
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const file = chain[chain.length - 1]!;
    for (const edge of importsOf(readFileSync(file, 'utf8'), file)) {
      if (edge.typeOnly) continue;
      if (edge.specifier === null) {
        found.push([
          ...chain.map((path) => name(path, lib)),
          'import() of a computed specifier, which cannot be checked',
        ]);
        continue;
      }
      const target = resolveImport(file, edge.specifier);
      if (target === null || seen.has(target) || isValidator(target)) continue;
      seen.add(target);
      if (isModels(target)) found.push([...chain, target].map((path) => name(path, lib)));
      else queue.push([...chain, target]);
    }
  }
  return found;
}

const ROOTS = libFiles(LIB).filter((path) =>
  /^(views\/|mixins\/|middleware\.ts$|backend|cors\.ts$|csrf\.ts$|urls)/.test(name(path)),
);

describe('layering: the views reach storage only through the validator', () => {
  describe('the import reader', () => {
    it('sees static imports, re-exports, side-effect imports and dynamic import()', () => {
      const source = [
        "import { a } from './a.js';",
        "import './b.js';",
        "export { c } from './c.js';",
        "export * from './d.js';",
        "const e = await import('./e.js');",
        "async function f() { return import(\n  './f.js'\n); }",
      ].join('\n');
      expect(importsOf(source).map((edge) => edge.specifier)).to.deep.equal([
        './a.js',
        './b.js',
        './c.js',
        './d.js',
        './e.js',
        './f.js',
      ]);
    });

    it('marks `import type` and `export type ... from` as type-only, and a mixed import as a runtime one', () => {
      const source = [
        "import type { A } from './a.js';",
        "export type { B } from './b.js';",
        "import { type C, d } from './c.js';",
        "import { type E } from './e.js';",
      ].join('\n');
      expect(importsOf(source).map((edge) => edge.typeOnly)).to.deep.equal([true, true, false, false]);
    });

    it('reports a dynamic import of a computed specifier as one it cannot follow', () => {
      expect(importsOf('const m = await import(`./${name}.js`);')).to.deep.equal([
        { specifier: null, typeOnly: false },
      ]);
    });

    describe('on a tree of modules', () => {
      let lib: string;
      before(() => {
        lib = mkdtempSync(join(tmpdir(), 'layering-'));
        const files: Record<string, string> = {
          'views/direct.ts': "import { q } from '../models/queries.js';",
          'views/chain.ts': "import './helper.js';",
          'views/helper.ts': "export { q } from '../models/queries.js';",
          'views/lazy.ts': "export const load = () => import('../models/queries.js');",
          'views/bridged.ts': "import { v } from '../validator.js';",
          'views/typed.ts': "import type { Q } from '../models/queries.js';",
          'validator.ts': "import './validator/tokens.js';",
          'validator/tokens.ts': "export { q } from '../models/queries.js';",
          'models/queries.ts': 'export const q = 1; export type Q = number;',
        };
        for (const [path, source] of Object.entries(files)) {
          mkdirSync(dirname(join(lib, path)), { recursive: true });
          writeFileSync(join(lib, path), source);
        }
      });
      after(() => rmSync(lib, { recursive: true, force: true }));

      it('reports a direct, a transitive and a dynamic import of the models, with the chain', () => {
        expect(pathsToModels(join(lib, 'views/direct.ts'), lib)).to.deep.equal([
          ['views/direct.ts', 'models/queries.ts'],
        ]);
        expect(pathsToModels(join(lib, 'views/chain.ts'), lib)).to.deep.equal([
          ['views/chain.ts', 'views/helper.ts', 'models/queries.ts'],
        ]);
        expect(pathsToModels(join(lib, 'views/lazy.ts'), lib)).to.deep.equal([['views/lazy.ts', 'models/queries.ts']]);
      });

      it('lets the models be reached through the validator, and a type-only import pass', () => {
        expect(pathsToModels(join(lib, 'views/bridged.ts'), lib)).to.deep.equal([]);
        expect(pathsToModels(join(lib, 'views/typed.ts'), lib)).to.deep.equal([]);
      });
    });
  });

  it('covers every root the rule names', () => {
    const names = ROOTS.map((root) => name(root));
    for (const root of [
      'views/token.ts',
      'mixins/oauth-lib.ts',
      'middleware.ts',
      'backend.ts',
      'cors.ts',
      'csrf.ts',
      'urls.ts',
    ]) {
      expect(names).to.include(root);
    }
  });

  for (const root of ROOTS) {
    it(`${name(root)} reaches lib/models only through lib/validator*`, () => {
      const chains = pathsToModels(root).map((chain) => chain.join(' -> '));
      expect(chains, chains.join('\n')).to.deep.equal([]);
    });
  }
});
