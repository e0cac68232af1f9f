// `npm run bench [-- --quick] [-- --targets=floor,oidc-provider] [-- --scenarios=S1,S2]`: issue 6's benchmark.
// Starts a private PostgreSQL cluster and a pinned load generator, benchmarks every available target in turn, and
// writes bench/results/<timestamp>.md and .json. Everything it starts is stopped at the end, on errors and on Ctrl-C.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanup, installSignalHandlers, trackDir, wasInterrupted } from './cleanup.js';
import { startLoadGenerator } from './load.js';
import { benchTarget, type Bench, type Plan } from './measure.js';
import { DURABILITY_NOTE, startCluster } from './postgres.js';
import { planCpus, type CpuPlan } from './processes.js';
import { machineDescription, renderTable, writeReport, type Row, type RunInfo } from './report.js';
import { FLOOR_ID, TARGETS } from './targets/index.js';
import { SCENARIO_IDS, type ScenarioId, type Target } from './targets/types.js';

const POOL_SIZE = 10;
const USAGE = `usage: node --import tsx bench/run.ts [--quick] [--targets=id,...] [--scenarios=S1,...] [--warmup=s] [--seconds=s]
  --quick      every target and scenario at concurrency 16 only, 1 s warm-up + 2 s measured each (under a minute)
  (default)    concurrency 16 and 64, 5 s warm-up + 20 s measured each, and S2 at 64 measured 60 s (RSS flatness)
  --warmup, --seconds   override the warm-up and measured seconds of every run (not the 60 s one)
  targets:     ${TARGETS.map((t) => t.id).join(', ')}`;

/** A wrong command line: printed without a stack. */
class UsageError extends Error {}

function seconds(option: string | undefined, fallback: number): number {
  if (option === undefined) return fallback;
  const value = Number(option);
  if (!(value > 0 && value <= 600))
    throw new UsageError(`a duration must be between 0 and 600 seconds, got '${option}'`);
  return value;
}

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  targets: { type: 'string' },
  scenarios: { type: 'string' },
  warmup: { type: 'string' },
  seconds: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

function commandLine() {
  try {
    return parseArgs({ options: OPTIONS }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
}

function parsePlan(): { plan: Plan; targetIds: string[] } {
  const values = commandLine();
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scenarios = values.scenarios ? values.scenarios.split(',').map((s) => s.trim().toUpperCase()) : SCENARIO_IDS;
  const unknown = scenarios.filter((s) => !SCENARIO_IDS.includes(s as ScenarioId));
  const targetIds = values.targets ? values.targets.split(',').map((t) => t.trim()) : TARGETS.map((t) => t.id);
  const unknownTargets = targetIds.filter((id) => !TARGETS.some((t) => t.id === id));
  if (unknown.length || unknownTargets.length) {
    throw new UsageError(`unknown scenario or target: ${[...unknown, ...unknownTargets].join(', ')}\n${USAGE}`);
  }
  const chosen = scenarios as ScenarioId[];
  // Quick: 15 runs (4 targets; S3 is n/a for one) plus four server start-ups must fit in a minute: 1 + 3 s each
  // took 66 s with the example app, so 1 + 2 s.
  const plan: Plan = values.quick
    ? { mode: 'quick', scenarios: chosen, concurrencies: [16], warmupSeconds: 1, measureSeconds: 2 }
    : {
        mode: 'full',
        scenarios: chosen,
        concurrencies: [16, 64],
        warmupSeconds: 5,
        measureSeconds: 20,
        soak: { scenario: 'S2', concurrency: 64, seconds: 60 },
      };
  plan.warmupSeconds = seconds(values.warmup, plan.warmupSeconds);
  plan.measureSeconds = seconds(values.seconds, plan.measureSeconds);
  return { plan, targetIds };
}

function runInfo(plan: Plan, startedAt: string, cpus: CpuPlan, postgres: string, targets: readonly Target[]): RunInfo {
  const soak = plan.soak;
  return {
    startedAt,
    mode: plan.mode,
    machine: machineDescription(),
    node: process.version,
    postgres,
    pinning: cpus.description,
    notes: [
      DURABILITY_NOTE,
      `Every server uses a pg pool of ${POOL_SIZE} connections over TCP loopback`,
      ...(soak ? [`${soak.scenario} at ${soak.concurrency} is measured ${soak.seconds} s (RSS flatness)`] : []),
    ],
    warmupSeconds: plan.warmupSeconds,
    measureSeconds: plan.measureSeconds,
    targets: targets.map((t) => ({ id: t.id, label: t.label, ...(t.unavailable ? { skipped: t.unavailable } : {}) })),
  };
}

/** Benchmark each target in turn; a target that fails (a probe, a crash) is recorded and the others still run. */
async function runTargets(bench: Bench, targets: readonly Target[], elapsed: () => string) {
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const target of targets) {
    console.log(`\n${target.id} — ${target.label} (at ${elapsed()} s)`);
    if (target.unavailable) {
      console.log(`  skipped: ${target.unavailable}`);
      continue;
    }
    try {
      rows.push(...(await benchTarget(bench, target)));
    } catch (error) {
      if (wasInterrupted()) break;
      const message = error instanceof Error ? error.message : String(error);
      console.error(`  FAILED: ${message}`);
      failures.push(`${target.id}: ${message}`);
    }
  }
  return { rows, failures };
}

async function main(): Promise<number> {
  process.chdir(fileURLToPath(new URL('..', import.meta.url))); // target commands are relative to the repository
  const { plan, targetIds } = parsePlan();
  const startedAt = new Date().toISOString();
  const elapsed = (): string => ((Date.now() - Date.parse(startedAt)) / 1000).toFixed(1);
  const cpus = planCpus();
  const targets = TARGETS.filter((t) => targetIds.includes(t.id));
  console.log(`bench (${plan.mode}) ${startedAt}\n  ${machineDescription()}\n  pinning: ${cpus.description}`);
  console.log(`  ${DURABILITY_NOTE}`);

  const logDir = mkdtempSync(join(tmpdir(), 'koa-oauth-bench-logs-'));
  trackDir(logDir);
  const load = startLoadGenerator(cpus.load); // loads autocannon while initdb runs
  const cluster = await startCluster(cpus.server);
  console.log(
    `  PostgreSQL ${cluster.version} on 127.0.0.1:${cluster.port} (own temporary cluster; at ${elapsed()} s)`,
  );
  const bench: Bench = { plan, cluster, load, cpus, logDir, host: '127.0.0.1', poolSize: POOL_SIZE };
  const { rows, failures } = await runTargets(bench, targets, elapsed);
  if (wasInterrupted()) return 130;

  const info = runInfo(plan, startedAt, cpus, cluster.version, targets);
  info.notes.push(...failures.map((failure) => `**FAILED** ${failure}`));
  console.log(`\n${renderTable(rows, FLOOR_ID)}\n`);
  const path = writeReport('bench/results', info, rows, FLOOR_ID);
  console.log(`written: ${path} (and .json); total ${elapsed()} s`);
  if (failures.length) console.error(`\n${failures.length} target(s) failed:\n  ${failures.join('\n  ')}`);
  return failures.length ? 1 : 0;
}

installSignalHandlers();
try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error instanceof Error ? error.stack : error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
