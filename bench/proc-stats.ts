// CPU time and memory of a process, from /proc (Linux): utime+stime for CPU, VmRSS sampled once a second for memory.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** The fields of /proc/<pid>/stat after the command name: [0] state, [1] ppid, [11] utime ... [14] cstime. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

function ticks(fields: string[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) sum += Number(fields[i] ?? 0);
  return sum;
}

/** Return the CPU seconds (user + system, all threads) `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} is gone`);
  return ticks(fields, 11, 12) / CLOCK_TICKS;
}

/**
 * Return the CPU seconds of a PostgreSQL cluster: the postmaster, its live backends, and (through cutime/cstime)
 * the backends that have already exited.
 */
export function clusterCpuSeconds(postmasterPid: number): number {
  const postmaster = statFields(postmasterPid);
  if (!postmaster) throw new Error(`postmaster ${postmasterPid} is gone`);
  let total = ticks(postmaster, 11, 14);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields?.[1] === String(postmasterPid)) total += ticks(fields, 11, 12);
  }
  return total / CLOCK_TICKS;
}

/** Return the resident set size of `pid` in MiB, or null when it has exited. */
export function rssMiB(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** RSS over a measured run: the peak and the means the flatness check of issue 6 compares. */
export interface RssSummary {
  peakMiB: number;
  samples: number;
  /** Mean over seconds 10 to 20 of the run, when it lasted at least 30 s. */
  mean10to20MiB?: number;
  /** Mean over the last 10 seconds, when the run lasted at least 30 s. */
  meanLast10MiB?: number;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Sample VmRSS of `pid` every second until `stop()` is called. */
export function sampleRss(pid: number): { stop(): RssSummary } {
  const start = Date.now();
  const samples: { at: number; mib: number }[] = [];
  const take = (): void => {
    const mib = rssMiB(pid);
    if (mib !== null) samples.push({ at: (Date.now() - start) / 1000, mib });
  };
  take();
  const timer = setInterval(take, 1000);
  return {
    stop() {
      clearInterval(timer);
      take();
      const elapsed = (Date.now() - start) / 1000;
      const summary: RssSummary = { peakMiB: Math.max(...samples.map((s) => s.mib)), samples: samples.length };
      if (elapsed >= 30) {
        summary.mean10to20MiB = mean(samples.filter((s) => s.at >= 10 && s.at <= 20).map((s) => s.mib));
        summary.meanLast10MiB = mean(samples.filter((s) => s.at >= elapsed - 10).map((s) => s.mib));
      }
      return summary;
    },
  };
}
