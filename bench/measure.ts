// Benchmark one target: give it a database, start it pinned next to PostgreSQL, seed it, probe every scenario, then
// warm up and measure each scenario at each concurrency while sampling the server's CPU time and RSS.
import { join } from 'node:path';
import { wasInterrupted } from './cleanup.js';
import type { LoadGenerator, LoadJob, RequestShape } from './load.js';
import type { Cluster } from './postgres.js';
import { clusterCpuSeconds, cpuSeconds, sampleRss } from './proc-stats.js';
import { freePort, logTail, pinned, startLogged, waitForPort, type CpuPlan } from './processes.js';
import type { Row } from './report.js';
import { probe, scenarioRequest } from './scenarios.js';
import type { Fixtures, ScenarioId, Target } from './targets/types.js';

/** What a run does: which scenarios, at which concurrencies, for how long. */
export interface Plan {
  mode: 'quick' | 'full';
  scenarios: readonly ScenarioId[];
  concurrencies: readonly number[];
  warmupSeconds: number;
  measureSeconds: number;
  /** One scenario × concurrency measured longer, for the RSS flatness check. */
  soak?: { scenario: ScenarioId; concurrency: number; seconds: number };
}

/** What every target run shares. */
export interface Bench {
  plan: Plan;
  cluster: Cluster;
  load: LoadGenerator;
  cpus: CpuPlan;
  logDir: string;
  host: string;
  /** The `pg` pool size every server is asked to use (`BENCH_POOL_SIZE`). */
  poolSize: number;
}

/** A started target, ready to be measured. */
interface TargetRun {
  target: Target;
  pid: number;
  baseUrl: string;
  databaseUrl: string;
  fixtures: Fixtures;
}

/** How many codes S4 needs: the target's S1 rate at that concurrency (S4 does strictly more) with 50% headroom. */
function codesNeeded(done: readonly Row[], concurrency: number, seconds: number): number {
  const s1 = done.find((r) => r.scenario === 'S1' && r.concurrency === concurrency)?.rps;
  return Math.ceil((s1 ?? 4000) * seconds * 1.5) + concurrency * 4 + 100;
}

function describe(row: Row): string {
  const failed = row.failed ? `  NON-2xx ${row.failed} ${JSON.stringify(row.statusCodes)}` : '';
  return (
    `  ${row.scenario} c${row.concurrency}: ${row.rps?.toFixed(0)} req/s, p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms, ` +
    `CPU ${row.cpuUsPerRequest?.toFixed(0)} µs/req, PG ${row.pgCpuUsPerRequest?.toFixed(0)} µs/req, ` +
    `peak RSS ${row.rss?.peakMiB.toFixed(0)} MB${failed}`
  );
}

/** Warm up, then measure one scenario at one concurrency while sampling the server's and the cluster's CPU and RSS. */
async function measureOne(
  bench: Bench,
  run: TargetRun,
  done: readonly Row[],
  scenario: ScenarioId,
  shape: RequestShape,
  concurrency: number,
): Promise<Row> {
  const { plan, load, cluster } = bench;
  const soak = plan.soak?.scenario === scenario && plan.soak.concurrency === concurrency;
  const seconds = soak && plan.soak ? plan.soak.seconds : plan.measureSeconds;
  let codes: string[] | undefined;
  if (scenario === 'S4') {
    const count = codesNeeded(done, concurrency, plan.warmupSeconds + seconds);
    codes = await run.target.mintCodes(run.databaseUrl, run.fixtures, count);
  }
  const job: LoadJob = { url: run.baseUrl, connections: concurrency, seconds: plan.warmupSeconds, request: shape };
  const warm = await load.run({ ...job, ...(codes ? { codes } : {}) });
  const left = codes?.slice(warm.codesUsed);

  const cpuBefore = cpuSeconds(run.pid);
  const pgBefore = clusterCpuSeconds(cluster.pid);
  const rss = sampleRss(run.pid);
  const result = await load.run({ ...job, seconds, ...(left ? { codes: left } : {}) });
  const rssSummary = rss.stop();
  const cpu = cpuSeconds(run.pid) - cpuBefore;
  const pgCpu = clusterCpuSeconds(cluster.pid) - pgBefore;
  const completed = Math.max(result.completed, 1);
  return {
    target: run.target.id,
    scenario,
    concurrency,
    status: 'ok',
    seconds: result.seconds,
    completed: result.completed,
    rps: result.completed / result.seconds,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    failed: result.non2xx + result.errors + result.timeouts,
    statusCodes: result.statusCodes,
    cpuUsPerRequest: (cpu * 1e6) / completed,
    pgCpuUsPerRequest: (pgCpu * 1e6) / completed,
    rss: rssSummary,
    ...(left ? { codesLeft: left.length - result.codesUsed } : {}),
  };
}

/** Probe each scenario the target supports once; return the request of each, or throw on the first failure. */
async function probeAll(run: TargetRun, scenarios: readonly ScenarioId[]): Promise<Map<ScenarioId, RequestShape>> {
  const shapes = new Map<ScenarioId, RequestShape>();
  for (const scenario of scenarios) {
    const { target } = run;
    const shape = target.scenarios.includes(scenario) ? scenarioRequest(scenario, target.paths, run.fixtures) : null;
    if (!shape) continue;
    const code = scenario === 'S4' ? (await target.mintCodes(run.databaseUrl, run.fixtures, 1))[0] : undefined;
    await probe(run.baseUrl, scenario, shape, code);
    shapes.set(scenario, shape);
  }
  console.log(`  probes passed: ${[...shapes.keys()].join(', ') || 'none'}`);
  return shapes;
}

/** Benchmark `target` and return its rows; throws (after printing the server's log) when a probe fails. */
export async function benchTarget(bench: Bench, target: Target): Promise<Row[]> {
  const { plan, cluster, host } = bench;
  const databaseUrl = await cluster.createDatabase(`bench_${target.id.replace(/\W/g, '_')}`);
  await target.migrate?.(databaseUrl);
  const port = await freePort(host);
  const command = target.server({ databaseUrl, host, port });
  const argv = pinned(bench.cpus.server, [process.execPath, ...command.nodeArgs]);
  const env = { ...process.env, BENCH_POOL_SIZE: String(bench.poolSize), ...command.env };
  const server = startLogged(target.id, argv, env, join(bench.logDir, `${target.id}.log`));
  try {
    await waitForPort(server, host, port);
    const fixtures = await target.seed(databaseUrl);
    const run: TargetRun = { target, pid: server.pid, baseUrl: `http://${host}:${port}`, databaseUrl, fixtures };
    const shapes = await probeAll(run, plan.scenarios);
    const rows: Row[] = [];
    for (const scenario of plan.scenarios) {
      for (const concurrency of plan.concurrencies) {
        const shape = shapes.get(scenario);
        const row = shape
          ? await measureOne(bench, run, rows, scenario, shape, concurrency)
          : ({ target: target.id, scenario, concurrency, status: 'n/a' } as const);
        if (shape) console.log(describe(row));
        rows.push(row);
      }
    }
    return rows;
  } catch (error) {
    if (wasInterrupted()) throw error;
    console.error(`--- last lines of ${target.id}'s log (${server.logPath}) ---\n${logTail(server.logPath)}\n---`);
    throw error;
  } finally {
    await server.stop();
  }
}
