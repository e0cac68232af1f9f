// The results of one run: a Markdown table (printed and written to bench/results/<timestamp>.md) with every
// requests/s ratio to the floor and to each peer, the RSS flatness check, and the same data as JSON.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { RssSummary } from './proc-stats.js';
import { SCENARIO_TITLES, type ScenarioId } from './targets/types.js';

/** One target × scenario × concurrency. */
export interface Row {
  target: string;
  scenario: ScenarioId;
  concurrency: number;
  /** `n/a`: the target has no endpoint for the scenario. */
  status: 'ok' | 'n/a';
  seconds?: number;
  completed?: number;
  rps?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** Responses outside 2xx plus connection errors and timeouts: a target answering errors is not fast. */
  failed?: number;
  statusCodes?: Record<string, number>;
  cpuUsPerRequest?: number;
  pgCpuUsPerRequest?: number;
  rss?: RssSummary;
  /** S4: codes left unused (0 means they ran out and replays were counted as failures). */
  codesLeft?: number;
}

/** What the run was and where. */
export interface RunInfo {
  startedAt: string;
  mode: 'quick' | 'full';
  machine: string;
  node: string;
  postgres: string;
  pinning: string;
  notes: string[];
  warmupSeconds: number;
  measureSeconds: number;
  targets: { id: string; label: string; skipped?: string }[];
}

/** Describe this machine in one line (CPU model, cores, memory). */
export function machineDescription(): string {
  const model = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? '?';
  return `${model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM`;
}

const fixed = (value: number | undefined, digits: number): string =>
  value === undefined ? '—' : value.toFixed(digits);

function ratioCell(row: Row, rows: readonly Row[], other: string): string {
  if (row.target === other) return '—';
  const peer = rows.find((r) => r.target === other && r.scenario === row.scenario && r.concurrency === row.concurrency);
  if (!row.rps || !peer?.rps) return 'n/a';
  return `${(row.rps / peer.rps).toFixed(2)}×`;
}

function costCell(row: Row, rows: readonly Row[], floorId: string): string {
  const floor = rows.find(
    (r) => r.target === floorId && r.scenario === row.scenario && r.concurrency === row.concurrency,
  );
  const cost = (r: Row | undefined): number => (r?.cpuUsPerRequest ?? 0) + (r?.pgCpuUsPerRequest ?? 0);
  return row.target === floorId || !cost(floor) || !cost(row) ? '—' : `${(cost(row) / cost(floor)).toFixed(2)}×`;
}

/** Render the results table: one line per row, a ratio column per target that ran (floor first). */
export function renderTable(rows: readonly Row[], floorId: string): string {
  const ran = [...new Set(rows.filter((r) => r.status === 'ok').map((r) => r.target))];
  const others = [floorId, ...ran.filter((id) => id !== floorId)].filter((id) => ran.includes(id));
  const header = ['target', 'scenario', 'conc', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'peak RSS MB', 'CPU µs/req'];
  header.push('PG µs/req', 'CPU cost vs floor', ...others.map((id) => `vs ${id}`));
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of rows) {
    const cells =
      row.status === 'n/a'
        ? [row.target, row.scenario, String(row.concurrency), 'n/a', ...header.slice(4).map(() => '')]
        : [
            row.target,
            row.scenario,
            String(row.concurrency),
            fixed(row.rps, 0),
            fixed(row.p50Ms, 1),
            fixed(row.p99Ms, 1),
            String(row.failed ?? 0) + (row.failed ? ' ⚠' : ''),
            fixed(row.rss?.peakMiB, 0),
            fixed(row.cpuUsPerRequest, 0),
            fixed(row.pgCpuUsPerRequest, 0),
            costCell(row, rows, floorId),
            ...others.map((id) => ratioCell(row, rows, id)),
          ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Render the RSS flatness check (runs of 30 s or more): mean RSS of the last 10 s within 10% of seconds 10-20. */
export function renderFlatness(rows: readonly Row[]): string {
  const checked = rows.filter((r) => r.rss?.mean10to20MiB !== undefined && r.rss.meanLast10MiB !== undefined);
  if (!checked.length) return 'RSS flatness: not checked (needs a run of 30 s or more; the full run has a 60 s one).';
  const lines = [
    '| target | scenario | conc | RSS 10-20 s MB | RSS last 10 s MB | ratio | flat (±10%) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const row of checked) {
    const mid = row.rss?.mean10to20MiB ?? 0;
    const last = row.rss?.meanLast10MiB ?? 0;
    const ratio = last / mid;
    const flat = Math.abs(ratio - 1) <= 0.1 ? 'yes' : 'NO';
    lines.push(
      `| ${row.target} | ${row.scenario} | ${row.concurrency} | ${mid.toFixed(1)} | ${last.toFixed(1)} | ${ratio.toFixed(3)} | ${flat} |`,
    );
  }
  return lines.join('\n');
}

/** Render the whole report as Markdown. */
export function renderReport(info: RunInfo, rows: readonly Row[], floorId: string): string {
  const targets = info.targets.map(
    (t) => `- \`${t.id}\`: ${t.label}${t.skipped ? ` — **skipped**: ${t.skipped}` : ''}`,
  );
  const scenarios = Object.entries(SCENARIO_TITLES).map(([id, title]) => `${id} ${title}`);
  return [
    `# Benchmark ${info.startedAt} (${info.mode})`,
    '',
    `- Machine: ${info.machine}; Node ${info.node}; PostgreSQL ${info.postgres}`,
    `- Pinning: ${info.pinning}`,
    `- Each run: ${info.warmupSeconds} s warm-up, then ${info.measureSeconds} s measured (autocannon, one process)`,
    ...info.notes.map((note) => `- ${note}`),
    `- Scenarios: ${scenarios.join('; ')}`,
    '',
    'Targets:',
    ...targets,
    '',
    renderTable(rows, floorId),
    '',
    '"vs X" is requests/s divided by X\'s in the same scenario and concurrency. non-2xx counts error responses,',
    "connection errors and timeouts (⚠: the row's speed is not to be trusted). CPU µs/req is the server process's",
    'utime+stime over the measured window divided by the requests completed; PG µs/req the same for the cluster.',
    '"CPU cost vs floor" is (server + PG µs/req) divided by the floor\'s: it moves less than requests/s when other',
    'work shares the machine.',
    '',
    renderFlatness(rows),
    '',
  ].join('\n');
}

/** Write `<dir>/<stamp>.md` and `<dir>/<stamp>.json`; return the Markdown path. */
export function writeReport(dir: string, info: RunInfo, rows: readonly Row[], floorId: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = info.startedAt.replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}.md`);
  writeFileSync(path, renderReport(info, rows, floorId));
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify({ info, rows }, null, 2)}\n`);
  return path;
}
