import { closeSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process holds the PGlite data directory (PGlite serves one process). */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The database in ${dataDir} is in use by another process (pid ${pid}, probably \`npm start\`). ` +
        'PGlite serves one process at a time: stop that process and try again, or set DATABASE_URL to use PostgreSQL.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** The lock file's name inside the data directory. */
export const LOCK_FILE = 'koa-oauth-toolkit.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the data directory for this process by creating a pid file exclusively; a file left by a dead process is
 * replaced. Returns the function that releases it. Throws `DataDirLockedError` when a live process holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (readPid(path) === process.pid) unlinkSync(path);
      };
      // A crash still removes the file on a normal exit; a kill -9 leaves it, and the next start sees a dead pid.
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = readPid(path);
      if (pid !== undefined && isAlive(pid)) throw new DataDirLockedError(dataDir, pid);
      // Left by a process that died without cleaning up (or half-written): take it over.
      rmSync(path, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, readPid(path) ?? 0);
}
