/**
 * The fuzz loop: send the cases through a few concurrent workers, check every answer, and keep what the report
 * needs (distinct failures with their first case, route × method hits, statuses per route).
 */
import { checkAnswer } from './checks.js';
import { generateCase, type FuzzCase } from './generate.js';
import { mint, type FuzzMaterial } from './material.js';
import { sendRaw } from './raw-http.js';
import type { MountedRoute } from './routes.js';

/** Requests in flight at once. */
const CONCURRENCY = 8;
/** Run more code flows every this many requests, since the fuzzer revokes, rotates and redeems what it holds. */
const MINT_EVERY = 250;

/** One distinct failure (method, route, kind) and how often it happened; `first` is null for a set-up flow's. */
export interface Failure {
  count: number;
  first: FuzzCase | null;
  detail: string;
}

/** What a run found. */
export interface FuzzResult {
  /** Distinct failures by `METHOD template: kind`. */
  failures: Map<string, Failure>;
  /** `METHOD template` of every case sent. */
  hits: Set<string>;
  /** How many answers had each status, by `template status`. */
  stats: Map<string, number>;
}

/** Send the cases `indices` of `seed` to the app at `origin` and check each answer. */
export async function runFuzz(
  origin: string,
  seed: string,
  indices: readonly number[],
  routes: readonly MountedRoute[],
  material: FuzzMaterial,
): Promise<FuzzResult> {
  const result: FuzzResult = { failures: new Map(), hits: new Set(), stats: new Map() };
  const port = Number(new URL(origin).port);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indices.length) {
      const position = next++;
      if (position > 0 && position % MINT_EVERY === 0) await remint(origin, material, result);
      const fuzzCase = generateCase(seed, indices[position] ?? 0, routes, material);
      const target = `${fuzzCase.method} ${fuzzCase.route.template}`;
      result.hits.add(target);
      const answer = await sendRaw(port, fuzzCase.request);
      const statKey = `${fuzzCase.route.template} ${answer.status}`;
      result.stats.set(statKey, (result.stats.get(statKey) ?? 0) + 1);
      const problem = checkAnswer(answer, process.cwd());
      if (problem === null) continue;
      const known = result.failures.get(`${target}: ${problem.kind}`);
      if (known) known.count += 1;
      else result.failures.set(`${target}: ${problem.kind}`, { count: 1, first: fuzzCase, detail: problem.detail });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return result;
}

/**
 * Bring back the fuzzer's session (a fuzzed logout may have ended it) and run two more code flows (a spare code, fresh
 * tokens); one that fails is a failure of the run, not its end.
 */
async function remint(origin: string, material: FuzzMaterial, result: FuzzResult): Promise<void> {
  try {
    await material.restoreSession();
    await mint(origin, material, false);
    await mint(origin, material, true);
  } catch (error) {
    const key = `the set-up's code flow: ${error instanceof Error ? error.message : String(error)}`;
    const known = result.failures.get(key);
    if (known) known.count += 1;
    else result.failures.set(key, { count: 1, first: null, detail: 'see the errors the app raised' });
  }
}

/** List the answers' statuses per route and the errors the app raised (`FUZZ_STATS=1`). */
export function statistics(stats: Map<string, number>, appErrors: Map<string, string>): string {
  const lines = [...stats].sort().map(([key, count]) => `${key}: ${count}`);
  for (const [where, stack] of appErrors) lines.push(`* ${where}\n${stack}`);
  return lines.join('\n');
}

/** Describe each distinct failure with its first case, so that it can be replayed with FUZZ_SEED and FUZZ_ONLY. */
export function report(seed: string, failures: Map<string, Failure>, appErrors: Map<string, string>): string {
  const lines = [`fuzz: ${failures.size} distinct failure(s) with FUZZ_SEED=${seed}`];
  for (const [key, { count, first, detail }] of failures) {
    if (first === null) {
      lines.push(`\n* ${key} (${count}x): ${detail}`);
      continue;
    }
    const { request } = first;
    lines.push(
      `\n* ${key} (${count}x), first: FUZZ_SEED=${seed} FUZZ_ONLY=${first.index}`,
      `  shape: ${first.shape.join(' ') || '(bare)'}`,
      `  request: ${request.method} ${request.target.toString('latin1').slice(0, 300)}`,
      ...request.headers.map(([name, value]) => `    ${name}: ${value.slice(0, 200)}`),
      `  body (${request.body.length} bytes): ${JSON.stringify(request.body.toString('latin1').slice(0, 300))}`,
      `  answer: ${JSON.stringify(detail.slice(0, 400))}`,
    );
  }
  if (appErrors.size > 0) lines.push('\nerrors the app raised (first per status and route):');
  for (const [where, stack] of appErrors) lines.push(`* ${where}\n${stack}`);
  return lines.join('\n');
}
