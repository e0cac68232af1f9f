import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a `manage` run printed and how it exited. */
export interface ManageResult {
  code: number;
  stdout: string;
  stderr: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Run `node --import tsx example-app/manage.ts ...args` (what `npm run manage --` runs) with `env` added. */
export function manage(args: readonly string[], env: NodeJS.ProcessEnv): Promise<ManageResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // Each run chooses its database explicitly: no DATABASE_URL inherited by a PGlite run.
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'example-app/manage.ts', ...args],
      { cwd: ROOT, env: childEnv, timeout: 60000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
