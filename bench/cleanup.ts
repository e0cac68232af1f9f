// Everything the bench starts is registered here and stopped in reverse order: at the end of the run, on an error,
// and on Ctrl-C / SIGTERM. A last synchronous pass on 'exit' signals whatever is still alive, so that no server,
// load generator or PostgreSQL cluster outlives the run.
import { rmSync } from 'node:fs';

type Stopper = () => Promise<void>;

const stoppers: { name: string; stop: Stopper }[] = [];
const pids = new Map<number, NodeJS.Signals>();
const dirs = new Set<string>();
let cleaning: Promise<void> | undefined;
let interrupted = false;

/** Tell whether the run was interrupted (Ctrl-C, SIGTERM): its partial results are then not written. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Register an asynchronous stop step; steps run last-registered first. */
export function onCleanup(name: string, stop: Stopper): void {
  stoppers.push({ name, stop });
}

/** Remember a child pid (and the signal that stops it at once) for the synchronous last pass. */
export function trackPid(pid: number, signal: NodeJS.Signals): void {
  pids.set(pid, signal);
}

/** Forget a pid once its process has exited. */
export function untrackPid(pid: number): void {
  pids.delete(pid);
}

/** Remember a temporary directory to remove on exit. */
export function trackDir(dir: string): void {
  dirs.add(dir);
}

/** Run every registered stop step once (later calls wait for the first). */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, stop } of stoppers.reverse()) {
      try {
        await stop();
      } catch (error) {
        console.error(`cleanup: stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    stoppers.length = 0;
    removeDirs();
  })();
  return cleaning;
}

function removeDirs(): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs.clear();
}

/** Stop everything on SIGINT/SIGTERM (exit 130/143) and signal leftovers on exit. */
export function installSignalHandlers(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping everything the bench started...`);
      void cleanup().finally(() => process.exit(code));
    });
  }
  process.once('exit', () => {
    for (const [pid, signal] of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    try {
      removeDirs();
    } catch {
      // best effort: a cluster that has not stopped yet may still hold files
    }
  });
}
