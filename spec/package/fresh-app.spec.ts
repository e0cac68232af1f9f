/**
 * The package as a new user meets it (issue 13): `npm pack` of a clean tree, installed with the peers the README
 * names into a fresh strict ESM TypeScript app whose code is the README's snippets (plus a stand-in login and a
 * seed script, in spec/package/app/), type-checked with `skipLibCheck: false`; its migrations made by
 * `makeMigrations()` and applied on PostgreSQL; then an authorization code flow with PKCE through its subclassed
 * TokenView and its views (a `getScopes()` override, a view composed from the mixins). Runs once, as its own CI
 * step (`npm run test:package`), not in `npm test`. Needs DATABASE_URL and the npm registry.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { hiddenInputs } from '../helpers/html.js';
import { readmeAppFiles, readmeInstallCommands, readmeMigrationsIndex } from '../helpers/readme-app.js';
import { collect, run } from './shell.js';
import { danglingReferences, danglingSourceMaps, filesMatching, packHead, unpack } from './tarball.js';

const GLUE = fileURLToPath(new URL('./app/', import.meta.url));
const REDIRECT = 'https://client.example/cb';

describe('the packed toolkit in a fresh app (README install, strict types, migrations, a PKCE flow)', () => {
  const serverUrl = process.env['DATABASE_URL'];
  let work: string;
  let tarball: string;
  let app: string;
  let appEnv: NodeJS.ProcessEnv;
  let database: string;
  let server: ChildProcess | undefined;
  let serverOutput: () => { stdout: string; stderr: string } = () => ({ stdout: '', stderr: '' });
  let base: string;

  before(async function () {
    if (!serverUrl) {
      console.log('    (pending: set DATABASE_URL; the fresh app runs on PostgreSQL)');
      this.skip();
    }
    work = mkdtempSync(join(tmpdir(), 'kot-package-'));
    app = join(work, 'app');
    database = `kot_package_${randomBytes(4).toString('hex')}`;
    const url = new URL(serverUrl!);
    url.pathname = `/${database}`;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    appEnv = {
      ...process.env,
      DATABASE_URL: url.href,
      PORT: String(port),
      ISSUER: `${base}/o`,
      SECRET_KEY: randomBytes(16).toString('hex'),
    };
    await psql(serverUrl!, `create database ${database}`);
  });

  after(async () => {
    if (!serverUrl) return;
    server?.kill();
    await psql(serverUrl, `drop database if exists ${database} with (force)`);
    rmSync(work, { recursive: true, force: true });
  });

  it('packs a clean tree into a complete package: built code, types, templates, LICENSE, ARCHITECTURE.md', async () => {
    tarball = await packHead(work);
    const files = await unpack(tarball, join(work, 'unpacked'));
    const root = join(work, 'unpacked', 'package');
    expect(files).to.include.members([
      'package.json',
      'README.md',
      'LICENSE',
      'ARCHITECTURE.md',
      'dist/lib/index.js',
      'dist/lib/index.d.ts',
      'dist/lib/oauth2/index.d.ts',
      'templates/oauth2_provider/authorize.html',
    ]);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).to.include('BSD 2-Clause License');
    expect(danglingSourceMaps(root, files), 'source maps pointing at files not shipped').to.deep.equal([]);
    expect(danglingReferences(root, files), 'references to files not shipped').to.deep.equal([]);
    // The optional peer is imported in one place, dynamically, and no declaration needs its types.
    expect(filesMatching(root, files, /['"]@mikro-orm\/migrations['"]/u)).to.deep.equal([
      'dist/lib/commands/migrator.js',
    ]);
    expect(readFileSync(join(root, 'dist/lib/commands/migrator.js'), 'utf8')).to.include(
      "import('@mikro-orm/migrations')",
    );
  });

  it("installs with the README's peers into a fresh strict ESM app that type-checks with skipLibCheck off", async () => {
    mkdirSync(app);
    cpSync(GLUE, app, { recursive: true });
    for (const [path, code] of readmeAppFiles()) {
      mkdirSync(dirname(join(app, path)), { recursive: true });
      writeFileSync(join(app, path), code);
    }
    for (const [npm, ...args] of readmeInstallCommands()) {
      const withTarball = args.map((arg) => (arg === 'koa-oauth-toolkit' ? tarball : arg));
      await run(npm!, [...withTarball, '--no-audit', '--no-fund', '--prefer-offline'], app);
    }
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(manifest.dependencies['koa-oauth-toolkit'], 'installed from the tarball').to.match(/^file:.*\.tgz$/);
    await run('npx', ['tsc', '-p', '.'], app);
  });

  it('makes its initial migration with makeMigrations() and applies it at start-up', async () => {
    const made = await run('node', ['dist/make-migrations.js', '--initial'], app, appEnv);
    expect(made.stdout).to.match(/fileName: 'Migration\d{14}\.ts'/);
    const migrations = readdirSync(join(app, 'src', 'migrations')).sort();
    expect(migrations).to.have.length(2);
    const index = readFileSync(join(app, 'src', 'migrations', 'index.ts'), 'utf8');
    const stamp = migrations[0]!.replace(/^Migration|\.ts$/g, '');
    expect(index, 'the README shows the index makeMigrations() writes').to.equal(
      readmeMigrationsIndex().replaceAll('20260101120000', stamp),
    );
    await run('npx', ['tsc', '-p', '.'], app);
    server = spawn('node', ['dist/main.js'], { cwd: app, env: appEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    serverOutput = collect(server);
    await waitForServer(base, serverOutput);
    const applied = await psql(appEnv['DATABASE_URL']!, 'select name from mikro_orm_migrations');
    expect(applied).to.deep.equal([migrations[0]!.replace(/\.ts$/, '')]);
  });

  it('runs an authorization code flow with PKCE through the subclassed TokenView and its API views', async () => {
    const seeded = await run('node', ['dist/seed.js'], app, appEnv);
    const client = JSON.parse(seeded.stdout) as { clientId: string; clientSecret: string };
    const jar = new Map<string, string>();
    const send = async (path: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
      const response = await fetch(`${base}${path}`, { ...init, headers, redirect: 'manual' });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      return response;
    };

    expect((await send('/test-login?username=alice')).status).to.equal(204);
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: REDIRECT,
      scope: 'read reports',
      state: 'xyz',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const consent = await send(`/o/authorize/?${query}`);
    const page = await consent.text();
    expect(consent.status, page).to.equal(200);
    const fields = new URLSearchParams(hiddenInputs(page));
    fields.set('allow', 'Authorize');
    const allowed = await send('/o/authorize/', { method: 'POST', body: fields });
    expect(allowed.status, await allowed.text()).to.be.oneOf([302, 303]);
    const redirect = new URL(allowed.headers.get('location')!);
    expect(redirect.origin + redirect.pathname).to.equal(REDIRECT);
    expect(redirect.searchParams.get('state')).to.equal('xyz');
    expect(redirect.searchParams.get('iss')).to.equal(`${base}/o`);

    const token = await send('/o/token/', {
      method: 'POST',
      headers: { Authorization: `Basic ${btoa(`${client.clientId}:${client.clientSecret}`)}` },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: redirect.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
      }),
    });
    const issued = (await token.json()) as { access_token: string; scope: string };
    expect(token.status, JSON.stringify(issued)).to.equal(200);
    expect(token.headers.get('x-token-audit'), 'the subclassed TokenView answered').to.equal('issued');
    expect(issued.scope).to.equal('read reports');

    const bearer = { Authorization: `Bearer ${issued.access_token}` };
    const orders = await send('/api/orders', { headers: bearer });
    expect(orders.status).to.equal(200);
    expect(await orders.json()).to.deep.equal({ user: 'alice' });
    const remove = await send('/api/orders', { method: 'DELETE', headers: bearer });
    expect(remove.status, 'getScopes() adds write for DELETE').to.equal(403);
    expect(remove.headers.get('www-authenticate')).to.include('error="insufficient_scope"');
    const reports = await send('/api/reports', { headers: bearer });
    expect(reports.status).to.equal(200);
    expect(await reports.json()).to.deep.equal({ scopes: ['read', 'reports'] });
    expect(await (await send('/api/ping', { headers: bearer })).text()).to.equal('pong');
    expect((await send('/api/reports')).status, 'no token').to.equal(401);
  });

  it('loads the toolkit in an app without the optional @mikro-orm/migrations', async () => {
    const installed = join(app, 'node_modules', '@mikro-orm', 'migrations');
    renameSync(installed, `${installed}.hidden`);
    try {
      const loaded = await run(
        'node',
        [
          '--input-type=module',
          '-e',
          "const t = await import('koa-oauth-toolkit'); console.log(typeof t.oauth2Routes)",
        ],
        app,
      );
      expect(loaded.stdout.trim()).to.equal('function');
    } finally {
      renameSync(`${installed}.hidden`, installed);
    }
  });
});

/** Run one SQL command with psql on the database of `url`; return its unaligned rows. */
async function psql(url: string, sql: string): Promise<string[]> {
  const { stdout } = await run('psql', ['-d', url, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], process.cwd());
  return stdout.split('\n').filter((line) => line !== '');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Wait until the app answers (its start-up applies the migrations first), failing with its output if it exits. */
async function waitForServer(base: string, output: () => { stdout: string; stderr: string }): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      await fetch(`${base}/api/ping`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const { stdout, stderr } = output();
  throw new Error(`the fresh app did not start\n${stdout}\n${stderr}`);
}
