/**
 * Find which settings keys the library reads, from its source with the type checker: every property read (`s.key`,
 * `s['key']`, `const { key } = s`) whose property is declared by the `OAuth2Settings` interface. Used by
 * spec/settings-coverage.spec.ts, so that the library carries no code that only exists to record reads.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '../..');
const LIB = join(ROOT, 'lib');
const TYPES = join(LIB, 'settings', 'types.ts');
// The settings modules read every key generically (validation, defaults): not a use of any one of them.
const SKIP = [join(LIB, 'settings') + '/', join(LIB, 'settings.ts')];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Return the settings keys read by some module of lib/ outside the settings modules, with one place each. */
export function librarySettingsReads(): Map<string, string> {
  const program = ts.createProgram(files(LIB), {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const reads = new Map<string, string>();
  const isSetting = (symbol: ts.Symbol | undefined): boolean =>
    (symbol?.declarations ?? []).some(
      (d) =>
        d.getSourceFile().fileName === TYPES &&
        ts.isInterfaceDeclaration(d.parent) &&
        d.parent.name.text === 'OAuth2Settings',
    );
  for (const source of program.getSourceFiles()) {
    const file = source.fileName;
    if (!file.startsWith(LIB + '/') || SKIP.some((s) => file.startsWith(s))) continue;
    const record = (key: string, node: ts.Node): void => {
      if (!reads.has(key))
        reads.set(
          key,
          `${file.slice(ROOT.length + 1)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`,
        );
    };
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && isSetting(checker.getSymbolAtLocation(node.name))) {
        record(node.name.text, node);
      } else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression)) {
        const key = node.argumentExpression.text;
        if (isSetting(checker.getTypeAtLocation(node.expression).getProperty(key))) record(key, node);
      } else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
        const name = node.propertyName ?? node.name;
        const key = ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : null;
        if (key !== null && isSetting(checker.getTypeAtLocation(node.parent).getProperty(key))) record(key, node);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return reads;
}
