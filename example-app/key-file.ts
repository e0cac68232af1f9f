import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Return the key kept in the file at `path`, as `parse` reads it from the file's text (null for none); when there is
 * none, write the text of a new one from `create()` there and return that key. The file is created readable by
 * this user only (0600), since the key signs what the app issues.
 */
export function readOrCreateKeyFile(
  path: string,
  parse: (text: string) => string | null,
  create: () => string,
): string {
  try {
    const key = parse(readFileSync(path, 'utf8'));
    if (key) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  const text = create();
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return parse(text) ?? '';
}
