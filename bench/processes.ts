// Child processes of the bench: CPU pinning with taskset, start-and-wait-for-port, and stopping by pid.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { onCleanup, trackPid, untrackPid } from './cleanup.js';

/** Which cores the servers (with PostgreSQL) and the load generator run on; undefined means unpinned. */
export interface CpuPlan {
  server: string | undefined;
  load: string | undefined;
  description: string;
}

function allowedCpus(): number[] {
  const match = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'));
  const cpus: number[] = [];
  for (const part of match?.[1]?.split(',') ?? []) {
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || Number.isNaN(from)) continue;
    for (let cpu = from; cpu <= (to ?? from); cpu++) cpus.push(cpu);
  }
  return cpus;
}

/** Pin servers to the first allowed core and the load generator to the second, when there are two and taskset. */
export function planCpus(): CpuPlan {
  const cpus = allowedCpus();
  const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  const [server, load] = cpus;
  if (!hasTaskset || server === undefined || load === undefined) {
    const why = hasTaskset ? `only ${cpus.length} core(s) allowed` : 'taskset not found';
    return { server: undefined, load: undefined, description: `not pinned (${why})` };
  }
  return {
    server: String(server),
    load: String(load),
    description: `server + PostgreSQL on CPU ${server}, load generator on CPU ${load} (taskset)`,
  };
}

/** Return `argv` prefixed so that it runs pinned to `cpu` (taskset execs, so the pid stays the program's). */
export function pinned(cpu: string | undefined, argv: readonly string[]): string[] {
  return cpu === undefined ? [...argv] : ['taskset', '-c', cpu, ...argv];
}

/** Return a TCP port on `host` that nothing listens on right now. */
export function freePort(host: string, preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      if (preferred !== 0 && error.code === 'EADDRINUSE')
        resolve(freePort(host, preferred < 65535 ? preferred + 1 : 0));
      else reject(error);
    });
    probe.listen(preferred, host, () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A started child process whose output goes to a log file. */
export interface Started {
  name: string;
  child: ChildProcess;
  pid: number;
  logPath: string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** The signal that asks a child to stop, and the one sent if it has not stopped after `graceMs`. */
export interface StopSignals {
  stop: NodeJS.Signals;
  force: NodeJS.Signals;
  graceMs: number;
}

const DEFAULT_SIGNALS: StopSignals = { stop: 'SIGTERM', force: 'SIGKILL', graceMs: 5000 };

/** Start `argv` with its output in `logPath`, register it for cleanup, and return it once spawned. */
export function startLogged(
  name: string,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  logPath: string,
  signals: StopSignals = DEFAULT_SIGNALS,
): Started {
  const log = openSync(logPath, 'a');
  const [command, args] = [argv[0] ?? '', argv.slice(1)];
  const child = spawn(command, args, { env, stdio: ['ignore', log, log] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  trackPid(pid, signals.force);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      untrackPid(pid);
      resolve(code);
    }),
  );
  const started: Started = {
    name,
    child,
    pid,
    logPath,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signals.stop);
      const timer = setTimeout(() => child.kill(signals.force), signals.graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  onCleanup(name, () => started.stop());
  return started;
}

/** Resolve once `host:port` accepts a connection; reject if `started` exits first or after `timeoutMs`. */
export async function waitForPort(started: Started, host: string, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void started.exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${started.name} exited before listening on ${host}:${port} (log: ${started.logPath})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${started.name} did not listen on ${host}:${port} within ${timeoutMs} ms`);
}

/** Return the last `lines` lines of a log file, for error messages. */
export function logTail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
