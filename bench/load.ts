// The load generator, seen from the runner: one long-lived autocannon process (bench/load-worker.ts) pinned to its
// own core, driven by JSON lines on stdin/stdout, so that no load is generated in the process that measures.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { onCleanup, trackPid, untrackPid } from './cleanup.js';
import { pinned } from './processes.js';

/** One HTTP request as autocannon sends it. */
export interface RequestShape {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One timed (or warm-up) run. */
export interface LoadJob {
  url: string;
  connections: number;
  seconds: number;
  request: RequestShape;
  /** S4: each request takes the next code, substituted for `{code}` in the body; then the last one is reused. */
  codes?: string[];
}

/** What autocannon measured. */
export interface LoadResult {
  seconds: number;
  completed: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  statusCodes: Record<string, number>;
  codesUsed: number;
}

/** A running load-generator process. */
export interface LoadGenerator {
  run(job: LoadJob): Promise<LoadResult>;
  close(): Promise<void>;
}

/** Start the load-generator process, pinned to `cpu` when given. */
export function startLoadGenerator(cpu: string | undefined): LoadGenerator {
  const argv = pinned(cpu, [process.execPath, '--import', 'tsx', 'bench/load-worker.ts']);
  const child = spawn(argv[0] ?? '', argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the load generator');
  trackPid(pid, 'SIGKILL');
  const exited = new Promise<void>((resolve) => child.once('exit', () => (untrackPid(pid), resolve())));
  const waiting: { resolve(result: LoadResult): void; reject(error: Error): void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { result?: LoadResult; error?: string };
    const next = waiting.shift();
    if (message.result) next?.resolve(message.result);
    else next?.reject(new Error(`load generator: ${message.error ?? line}`));
  });
  void exited.then(() => {
    for (const pending of waiting.splice(0)) pending.reject(new Error('the load generator exited'));
  });
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup('load generator', close);
  return {
    run(job) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify(job)}\n`);
      });
    },
    close,
  };
}
