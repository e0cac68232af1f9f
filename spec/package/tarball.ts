/**
 * The packed toolkit as a user receives it: packed by `npm pack` (whose `prepack` builds it) from a clean tree, a
 * `git archive` of HEAD, and unpacked for inspection.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './shell.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Pack HEAD in `work`/source (its build tools from the repository's node_modules); return the tarball's path. */
export async function packHead(work: string): Promise<string> {
  const source = join(work, 'source');
  mkdirSync(source);
  await run('sh', ['-c', `git -C "$1" archive --format=tar HEAD | tar -x -C "$2"`, 'sh', REPO, source], REPO);
  symlinkSync(join(REPO, 'node_modules'), join(source, 'node_modules'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], source);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
  return join(work, info.filename);
}

/** Unpack `tarball` into `dir` (its files under `dir/package`) and return the files' paths relative to the package. */
export async function unpack(tarball: string, dir: string): Promise<string[]> {
  mkdirSync(dir);
  await run('tar', ['-xzf', tarball, '-C', dir], dir);
  return listFiles(join(dir, 'package'));
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path)];
  });
}

/** Return each source map's sources that are not in the package: "map → source". */
export function danglingSourceMaps(root: string, files: readonly string[]): string[] {
  return files
    .filter((file) => file.endsWith('.map'))
    .flatMap((file) => {
      const map = JSON.parse(readFileSync(join(root, file), 'utf8')) as { sources: string[]; sourceRoot?: string };
      return map.sources
        .map((source) => resolve(join(root, file, '..'), map.sourceRoot ?? '', source))
        .filter((source) => !existsSync(source))
        .map((source) => `${file} → ${relative(root, source)}`);
    });
}

/**
 * Return the references to files the package does not ship, in its code and declarations: any `*.md` file, and
 * any repository path (lib/, spec/, bench/, example-app/, templates/), as "file: reference".
 */
export function danglingReferences(root: string, files: readonly string[]): string[] {
  const shipped = new Set(files);
  const pattern = /\b(?:[A-Z][A-Z_-]*\.md|(?:lib|spec|bench|example-app|templates|dist)\/[\w./-]*\w)/gu;
  return files
    .filter((file) => /\.(js|ts)$/u.test(file))
    .flatMap((file) =>
      [...readFileSync(join(root, file), 'utf8').matchAll(pattern)]
        .map((m) => m[0])
        .filter((ref) => !shipped.has(ref) && !files.some((f) => f.startsWith(`${ref}/`)))
        .map((ref) => `${file}: ${ref}`),
    );
}

/** Return the package's code and declaration files whose text matches `pattern`. */
export function filesMatching(root: string, files: readonly string[], pattern: RegExp): string[] {
  return files.filter((file) => /\.(js|d\.ts)$/u.test(file) && pattern.test(readFileSync(join(root, file), 'utf8')));
}
