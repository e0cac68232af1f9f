// `node --import tsx bench/profile.ts [--target=example-app] [--scenarios=S1,S4] [--seconds=5] [--connections=16]
// [--resource=/path] [--plain]`:
// profile one target per scenario. For each scenario it starts the target's server (own database, pinned next to a
// private cluster that loads pg_stat_statements) under `node --cpu-prof`, seeds it, counts the SQL statements of
// 50 sequential requests, drives it for a few seconds from the pinned load generator, stops it (which writes the
// profile) and prints where the CPU went over the load window. Profiles and summaries go to bench/results/profile-*.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanup, installSignalHandlers } from './cleanup.js';
import { summarizeFile } from './cpuprofile-summary.js';
import { startLoadGenerator, type LoadGenerator, type RequestShape } from './load.js';
import { startCluster, type Cluster } from './postgres.js';
import { clusterCpuSeconds, cpuSeconds, rssMiB } from './proc-stats.js';
import { freePort, pinned, planCpus, startLogged, waitForPort, type CpuPlan } from './processes.js';
import { probe, scenarioRequest } from './scenarios.js';
import { withDatabase } from './targets/db.js';
import { TARGETS } from './targets/index.js';
import type { Fixtures, ScenarioId, Target } from './targets/types.js';

const SEQUENTIAL = 50;
const HOST = '127.0.0.1';

interface Context {
  target: Target;
  cluster: Cluster;
  load: LoadGenerator;
  cpus: CpuPlan;
  outDir: string;
  seconds: number;
  connections: number;
  /** Run without the profiler (to see its overhead). */
  plain: boolean;
}

/** Return `calls / SEQUENTIAL` per normalized statement of the database since the last reset, most frequent first. */
async function statementsPerRequest(databaseUrl: string): Promise<string[]> {
  const { rows } = await withDatabase(databaseUrl, (db) =>
    db.query<{ query: string; calls: string; mean: number }>(
      `SELECT query, calls, mean_exec_time + mean_plan_time AS mean FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
       WHERE d.datname = current_database() AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC`,
    ),
  );
  const total = rows.reduce((sum, row) => sum + Number(row.calls), 0) / SEQUENTIAL;
  return [
    `-- SQL statements per request: ${total.toFixed(2)}`,
    ...rows.map(
      (r) =>
        `${(Number(r.calls) / SEQUENTIAL).toFixed(2).padStart(6)} ${(r.mean * 1000).toFixed(0).padStart(5)} µs  ` +
        r.query.replace(/\s+/g, ' '),
    ),
  ];
}

/** Return how many sessions the database has had (PostgreSQL 14+): new connections show up here. */
async function sessions(databaseUrl: string): Promise<number> {
  const { rows } = await withDatabase(databaseUrl, (db) =>
    db.query<{ sessions: string }>('SELECT sessions FROM pg_stat_database WHERE datname = current_database()'),
  );
  return Number(rows[0]?.sessions ?? 0);
}

async function codesFor(ctx: Context, url: string, fixtures: Fixtures, scenario: ScenarioId, count: number) {
  return scenario === 'S4' ? ctx.target.mintCodes(url, fixtures, count) : [];
}

async function profileScenario(ctx: Context, scenario: ScenarioId): Promise<void> {
  const { target, cluster, cpus } = ctx;
  const databaseUrl = await cluster.createDatabase(`profile_${target.id.replace(/\W/g, '_')}_${scenario}`);
  await withDatabase(databaseUrl, (db) => db.query('CREATE EXTENSION pg_stat_statements'));
  await target.migrate?.(databaseUrl);
  const port = await freePort(HOST);
  const command = target.server({ databaseUrl, host: HOST, port });
  const profDir = join(ctx.outDir, scenario);
  mkdirSync(profDir, { recursive: true });
  const profiler = ctx.plain ? [] : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
  const argv = pinned(cpus.server, [process.execPath, ...profiler, ...command.nodeArgs]);
  const env = { ...process.env, BENCH_POOL_SIZE: '10', ...command.env };
  const server = startLogged(`${target.id} ${scenario}`, argv, env, join(profDir, 'server.log'));
  try {
    await waitForPort(server, HOST, port);
    const fixtures = await target.seed(databaseUrl);
    const shape: RequestShape | null = scenarioRequest(scenario, target.paths, fixtures);
    if (!shape) return console.log(`${scenario}: n/a for ${target.id}`);
    const baseUrl = `http://${HOST}:${port}`;
    const sequential = await codesFor(ctx, databaseUrl, fixtures, scenario, SEQUENTIAL + 1);
    await probe(baseUrl, scenario, shape, sequential.pop()); // warms the code paths before counting
    await withDatabase(databaseUrl, (db) => db.query('SELECT pg_stat_statements_reset()'));
    for (let i = 0; i < SEQUENTIAL; i++) await probe(baseUrl, scenario, shape, sequential[i]);
    const lines = [`== ${target.id} ${scenario}`, ...(await statementsPerRequest(databaseUrl))];
    const codes = await codesFor(ctx, databaseUrl, fixtures, scenario, 4000 * (ctx.seconds + 1));
    const job = { url: baseUrl, connections: ctx.connections, request: shape };
    await ctx.load.run({ ...job, seconds: 1, ...(codes.length ? { codes } : {}) });
    const rssBefore = rssMiB(server.pid);
    const sessionsBefore = await sessions(databaseUrl);
    const [cpuBefore, pgBefore] = [cpuSeconds(server.pid), clusterCpuSeconds(cluster.pid)];
    const left = codes.slice(Math.min(codes.length, 4000));
    const result = await ctx.load.run({ ...job, seconds: ctx.seconds, ...(left.length ? { codes: left } : {}) });
    const perRequest = (seconds: number): string => ((seconds * 1e6) / Math.max(result.completed, 1)).toFixed(0);
    const cpu = perRequest(cpuSeconds(server.pid) - cpuBefore);
    const pg = perRequest(clusterCpuSeconds(cluster.pid) - pgBefore);
    lines.push(
      `-- load: ${(result.completed / result.seconds).toFixed(0)} req/s at c${ctx.connections}, non-2xx ` +
        `${result.non2xx + result.errors + result.timeouts}, CPU ${cpu} µs/req (PG ${pg} µs/req), RSS ${rssBefore?.toFixed(0)} -> ` +
        `${rssMiB(server.pid)?.toFixed(0)} MB, database sessions opened ${(await sessions(databaseUrl)) - sessionsBefore - 1}`,
    );
    await server.stop();
    const profile = readdirSync(profDir).find((name) => name.endsWith('.cpuprofile'));
    lines.push(...(profile ? summarizeFile(join(profDir, profile), ctx.seconds) : ['no .cpuprofile was written']));
    writeFileSync(join(profDir, 'summary.txt'), `${lines.join('\n')}\n`);
    console.log(`${lines.join('\n')}\n(profile and summary in ${profDir})\n`);
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  process.chdir(fileURLToPath(new URL('..', import.meta.url)));
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'example-app' },
      scenarios: { type: 'string', default: 'S1,S2,S3,S4' },
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '16' },
      resource: { type: 'string' },
      plain: { type: 'boolean', default: false },
    },
  });
  const found = TARGETS.find((t) => t.id === values.target);
  if (!found) throw new Error(`unknown target ${values.target}; one of ${TARGETS.map((t) => t.id).join(', ')}`);
  // --resource=/path points S2 elsewhere (e.g. another protected route of the app), for comparisons.
  const target = values.resource ? { ...found, paths: { ...found.paths, resource: values.resource } } : found;
  const outDir = resolve('bench/results', `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const cpus = planCpus();
  const load = startLoadGenerator(cpus.load);
  const cluster = await startCluster(cpus.server, 55442, {
    shared_preload_libraries: 'pg_stat_statements',
    'pg_stat_statements.track_planning': 'on',
  });
  const ctx: Context = {
    target,
    cluster,
    load,
    cpus,
    outDir,
    seconds: Number(values.seconds),
    connections: Number(values.connections),
    plain: values.plain,
  };
  for (const scenario of values.scenarios.split(',') as ScenarioId[]) await profileScenario(ctx, scenario);
}

installSignalHandlers();
try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
