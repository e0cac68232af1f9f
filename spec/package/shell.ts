/** Running the package spec's commands: a child process whose output is kept for the failure message. */
import { spawn, type ChildProcess } from 'node:child_process';

/** What a finished command printed, and its exit code. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `command args` in `cwd`; resolve with its output, reject with it when the exit code is not 0. */
export function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = collect(child);
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code, ...out() };
      if (code === 0) resolve(result);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}\n${result.stdout}\n${result.stderr}`));
    });
  });
}

/** Keep a child's stdout and stderr as text. */
export function collect(child: ChildProcess): () => { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return () => ({ stdout, stderr });
}
