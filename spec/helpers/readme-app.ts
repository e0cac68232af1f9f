/**
 * The README's app: every TypeScript snippet of README.md starts with its file name (`// src/orm.ts`), and together
 * they are the fresh app that `npm run test:package` installs the packed toolkit into; the install block names the
 * peer versions that go together. One reader serves that spec and spec/readme.spec.ts, which checks that no
 * snippet is left out.
 */
import { readFileSync } from 'node:fs';

export const README = new URL('../../README.md', import.meta.url);

/** A fenced code block of the README: its language and its text. */
export interface ReadmeBlock {
  lang: string;
  code: string;
}

/** Return the README's fenced code blocks, in order. */
export function readmeBlocks(text = readFileSync(README, 'utf8')): ReadmeBlock[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gmu)].map((m) => ({ lang: m[1] ?? '', code: m[2] ?? '' }));
}

const FILE_LINE = /^\/\/ (src\/[\w/.-]+\.ts)\n/u;

/** Return the app's files that the README's TypeScript snippets are: path → code, in README order. */
export function readmeAppFiles(text?: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const block of readmeBlocks(text).filter((b) => b.lang === 'ts')) {
    const path = FILE_LINE.exec(block.code)?.[1];
    if (!path) throw new Error(`a TypeScript snippet of README.md does not start with its file name:\n${block.code}`);
    if (files.has(path)) throw new Error(`README.md has two snippets for ${path}`);
    files.set(path, block.code);
  }
  return files;
}

/** Return the README's install commands: the lines of the block that starts `npm install koa-oauth-toolkit`. */
export function readmeInstallCommands(text?: string): string[][] {
  const block = readmeBlocks(text).find((b) => b.lang === 'sh' && b.code.startsWith('npm install koa-oauth-toolkit '));
  if (!block) throw new Error('README.md has no install block (a sh block starting `npm install koa-oauth-toolkit`)');
  return block.code
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/u));
}

/** Return the README's example of the index.ts that `makeMigrations()` writes (the block starting with its header). */
export function readmeMigrationsIndex(text?: string): string {
  const block = readmeBlocks(text).find((b) => b.code.startsWith('// Written by makeMigrations()'));
  if (!block) throw new Error("README.md does not show makeMigrations()'s index.ts");
  return block.code;
}
