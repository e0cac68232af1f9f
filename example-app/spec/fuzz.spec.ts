/**
 * The fuzz run: thousands of generated hostile requests over every route × method the example app mounts, with
 * valid pieces mixed in so they reach deep paths. No answer may be a 5xx, or hold a stack trace, SQL or a file path.
 * Reproducible: `FUZZ_SEED` picks the cases (a random seed otherwise, printed on failure), `FUZZ_ONLY=12,40` replays
 * single cases, `FUZZ_COUNT` sets the number (10,000 on PostgreSQL, 1,000 on PGlite), and `FUZZ_STATS=1` prints the
 * statuses per route and the errors the app raised, to see how deep the requests reach.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type Koa from 'koa';
import { configureToolkit, createApp, type ExampleAppOptions } from '../app.js';
import { openTestDatabase, type TestDatabase } from './database.js';
import { checkAnswer } from './fuzz/checks.js';
import { generateCase, type FuzzCase } from './fuzz/generate.js';
import { gatherMaterial, mint, type FuzzMaterial } from './fuzz/material.js';
import { sendRaw } from './fuzz/raw-http.js';
import { mountedRoutes, type MountedRoute } from './fuzz/routes.js';

const SEED = process.env.FUZZ_SEED || randomBytes(6).toString('hex');
const ONLY = (process.env.FUZZ_ONLY ?? '').split(',').filter(Boolean).map(Number);
const COUNT = Number(process.env.FUZZ_COUNT || (process.env.DATABASE_URL ? 10_000 : 1_000));
/** Requests in flight at once. */
const CONCURRENCY = 8;
/** Run another code flow every this many requests, since the fuzzer revokes, rotates and redeems what it holds. */
const MINT_EVERY = 250;

/** One distinct failure (route, method, kind) and how often it happened. */
interface Failure {
  count: number;
  first: FuzzCase;
  detail: string;
}

describe('example app: fuzzing every mounted route', function () {
  this.timeout(20 * 60_000);
  let database: TestDatabase;
  let options: ExampleAppOptions;
  let server: Server;
  let origin: string;
  let app: Koa;
  let routes: MountedRoute[];
  let material: FuzzMaterial;
  const appErrors = new Map<string, string>();

  before(async () => {
    database = await openTestDatabase();
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    options = {
      orm: database.orm,
      keys: ['fuzz-spec-key'],
      issuer: `${origin}/o`,
      oidcRsaPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    app = createApp(options);
    // A listener replaces Koa's own console logging of errors: they are kept for the failure report instead.
    app.on('error', (error: Error & { status?: number }, ctx?: Koa.Context) => {
      const where = `${error.status ?? 500} ${ctx?.method ?? '?'} ${ctx?.path ?? '?'}`;
      if (!appErrors.has(where))
        appErrors.set(where, (error.stack ?? String(error)).split('\n').slice(0, 6).join('\n'));
    });
    server.on('request', app.callback());
    routes = mountedRoutes(app);
    material = await gatherMaterial(origin, database.orm, 6);
  });

  // The run's root hook resets the toolkit settings after each test; createApp() configured them once.
  beforeEach(() => configureToolkit(options));

  after(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await database?.dispose();
  });

  it('finds the routes on the mounted routers, with every method `router.all` registers', () => {
    const templates = routes.map((route) => route.template);
    expect(templates).to.include.members(['/', '/accounts/login/', '/api/me', '/o/token/', '/o/logout/']);
    expect(templates).to.include('/.well-known/oauth-authorization-server/o');
    const token = routes.find((route) => route.template === '/o/token/');
    expect(token?.methods).to.include.members(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PROPFIND', 'M-SEARCH']);
    expect(routes.find((route) => route.template === '/api/me')?.methods).to.have.members(['GET', 'HEAD']);
  });

  it(`answers ${ONLY.length > 0 ? `cases ${ONLY.join(',')}` : COUNT} hostile requests (FUZZ_SEED=${SEED}) without a 5xx or a leak`, async () => {
    const indices = ONLY.length > 0 ? ONLY : Array.from({ length: COUNT }, (_, i) => i);
    const failures = new Map<string, Failure>();
    const hits = new Set<string>();
    const stats = new Map<string, number>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < indices.length) {
        const position = next++;
        if (position > 0 && position % MINT_EVERY === 0) {
          await mint(origin, material, false);
          await mint(origin, material, true);
        }
        const fuzzCase = generateCase(SEED, indices[position] ?? 0, routes, material);
        hits.add(`${fuzzCase.method} ${fuzzCase.route.template}`);
        const answer = await sendRaw(Number(new URL(origin).port), fuzzCase.request);
        const statKey = `${fuzzCase.route.template} ${answer.status}`;
        stats.set(statKey, (stats.get(statKey) ?? 0) + 1);
        const problem = checkAnswer(answer, process.cwd());
        if (problem === null) continue;
        const key = `${fuzzCase.method} ${fuzzCase.route.template}: ${problem.kind}`;
        const known = failures.get(key);
        if (known) known.count += 1;
        else failures.set(key, { count: 1, first: fuzzCase, detail: problem.detail });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (process.env.FUZZ_STATS) console.log(statistics(stats, appErrors));
    expect(failures.size, report(failures, appErrors)).to.equal(0);
    if (ONLY.length > 0) return;
    const missed = routes.flatMap((route) =>
      route.methods.filter((method) => !hits.has(`${method} ${route.template}`)).map((m) => `${m} ${route.template}`),
    );
    expect(missed, 'route × method never fuzzed').to.deep.equal([]);
  });
});

/** List the answers' statuses per route and the errors the app raised (`FUZZ_STATS=1`). */
function statistics(stats: Map<string, number>, appErrors: Map<string, string>): string {
  const lines = [...stats].sort().map(([key, count]) => `${key}: ${count}`);
  for (const [where, stack] of appErrors) lines.push(`* ${where}\n${stack}`);
  return lines.join('\n');
}

/** Describe each distinct failure with its first case, so that it can be replayed with FUZZ_SEED and FUZZ_ONLY. */
function report(failures: Map<string, Failure>, appErrors: Map<string, string>): string {
  const lines = [`fuzz: ${failures.size} distinct failure(s) with FUZZ_SEED=${SEED}`];
  for (const [key, { count, first, detail }] of failures) {
    const { request } = first;
    lines.push(
      `\n* ${key} (${count}x), first: FUZZ_SEED=${SEED} FUZZ_ONLY=${first.index}`,
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
