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
import { gatherMaterial, type FuzzMaterial } from './fuzz/material.js';
import { mountedRoutes, type MountedRoute } from './fuzz/routes.js';
import { report, runFuzz, statistics } from './fuzz/run.js';

const SEED = process.env.FUZZ_SEED || randomBytes(6).toString('hex');
const ONLY = (process.env.FUZZ_ONLY ?? '').split(',').filter(Boolean).map(Number);
const COUNT = Number(process.env.FUZZ_COUNT || (process.env.DATABASE_URL ? 10_000 : 1_000));

/** The own properties of the prototypes a polluting parser would write to. */
function prototypeKeys(): string[] {
  return [Object.prototype, Array.prototype, Function.prototype].flatMap((proto) => Reflect.ownKeys(proto).map(String));
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

  it(`answers ${ONLY.length > 0 ? `cases ${ONLY.join(',')}` : COUNT} hostile requests without a 5xx or a leak`, async () => {
    const indices = ONLY.length > 0 ? ONLY : Array.from({ length: COUNT }, (_, i) => i);
    const prototypesBefore = prototypeKeys();
    const { failures, hits, stats } = await runFuzz(origin, SEED, indices, routes, material);
    if (process.env.FUZZ_STATS) console.log(statistics(stats, appErrors));
    expect(failures.size, report(SEED, failures, appErrors)).to.equal(0);
    // The app runs in this process: a prototype-pollution key that reached an object would show here.
    expect(prototypeKeys(), `FUZZ_SEED=${SEED}: a prototype was written to`).to.deep.equal(prototypesBefore);
    if (ONLY.length > 0) return;
    const missed = routes.flatMap((route) =>
      route.methods.filter((method) => !hits.has(`${method} ${route.template}`)).map((m) => `${m} ${route.template}`),
    );
    expect(missed, 'route × method never fuzzed').to.deep.equal([]);
  });
});
