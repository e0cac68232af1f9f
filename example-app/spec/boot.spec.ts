import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import request from 'supertest';
import { Application } from '../../lib/index.js';
import { configureToolkit } from '../app.js';
import { boot, type RunningApp } from '../boot.js';
import { DataDirLockedError, LOCK_FILE } from '../data-lock.js';
import { DEMO_CLIENT_ID, DEMO_USERNAME, describeDemo } from '../demo.js';
import { User } from '../models/user.js';
import { tempDir } from './database.js';
import { csrfFrom } from './html.js';

/** The environment of `npm start` on a fresh PGlite directory and a free port. */
function startEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { DATA_DIR: dataDir, PORT: '0', ...extra };
}

describe('example app: npm start (in process, on a fresh PGlite directory)', function () {
  this.timeout(60000);
  let dataDir: string;
  let running: RunningApp | undefined;

  before(async () => {
    dataDir = tempDir();
    running = await boot(startEnv(dataDir));
  });

  // The run's root hook resets the toolkit settings after each test; boot() configured them once.
  beforeEach(() => {
    if (running) configureToolkit({ orm: running.database.orm, issuer: running.issuer });
  });

  after(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens, with the default issuer on its port, and creates the demo user and application', async () => {
    const { port } = new URL(running!.url);
    expect(running!.issuer).to.equal(`http://127.0.0.1:${port}/o`);
    expect(running!.demo.username).to.equal(DEMO_USERNAME);
    expect(running!.demo.password).to.be.a('string').with.length.greaterThan(11);
    expect(running!.demo.clientId).to.equal(DEMO_CLIENT_ID);
    expect(running!.demo.clientSecret).to.be.a('string').with.length.greaterThan(20);
    expect(running!.demo.redirectUri).to.equal(`http://127.0.0.1:${port}/callback`);
    const lines = describeDemo(running!.demo).join('\n');
    expect(lines).to.include(running!.demo.password!).and.include(running!.demo.clientSecret!);
    // Stored hashed, never in clear.
    const em = running!.database.orm.em.fork();
    const application = await em.findOneOrFail(Application, { clientId: DEMO_CLIENT_ID });
    expect(application.clientSecret).not.to.include(running!.demo.clientSecret!);
    const user = await em.findOneOrFail(User, { username: DEMO_USERNAME });
    expect(user.password).not.to.include(running!.demo.password!);
  });

  it('serves the login page, and the demo user can log in', async () => {
    const agent = request.agent(new URL(running!.url).origin);
    const page = await agent.get('/accounts/login/').expect(200);
    const response = await agent
      .post('/accounts/login/')
      .type('form')
      .send({
        csrfmiddlewaretoken: csrfFrom(page.text),
        username: 'demo',
        password: running!.demo.password!,
        next: '/',
      });
    expect(response.status).to.equal(302);
    expect(response.headers.location).to.equal('/');
    const home = await agent.get('/').expect(200);
    expect(home.text).to.include('You are logged in as <strong>demo</strong>');
  });

  it('holds the data directory while it runs, so a second start is refused', async () => {
    expect(existsSync(join(dataDir, LOCK_FILE))).to.equal(true);
    let error: unknown;
    await boot(startEnv(dataDir)).then(
      (second) => second.close(),
      (caught: unknown) => (error = caught),
    );
    expect(error).to.be.instanceOf(DataDirLockedError);
  });
});

describe('example app: npm start, restarted and misconfigured', function () {
  this.timeout(60000);
  let dataDir: string;

  beforeEach(() => {
    dataDir = tempDir();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates the demo data once: a restart keeps it and prints no secret', async () => {
    const first = await boot(startEnv(dataDir));
    await first.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).to.equal(false);
    const second = await boot(startEnv(dataDir));
    try {
      expect(second.demo.password).to.equal(null);
      expect(second.demo.clientSecret).to.equal(null);
      expect(describeDemo(second.demo).join('\n')).to.include('printed when it was created');
      const em = second.database.orm.em.fork();
      expect(await em.count(User, { username: DEMO_USERNAME })).to.equal(1);
      expect(await em.count(Application, { clientId: DEMO_CLIENT_ID })).to.equal(1);
      // The session key was kept, so sessions of the first run still verify.
      expect(existsSync(join(dataDir, 'secret-key'))).to.equal(true);
    } finally {
      await second.close();
    }
  });

  it('refuses a settings file with an unknown key, naming it, and releases the data directory', async () => {
    const file = join(dataDir, 'settings.json');
    writeFileSync(file, JSON.stringify({ accessTokenExpireSeconds: 60, accessTokenLifetime: 60 }));
    let error: unknown;
    await boot(startEnv(dataDir, { OAUTH2_PROVIDER_SETTINGS_FILE: file })).then(
      (running) => running.close(),
      (caught: unknown) => (error = caught),
    );
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).name).to.equal('ImproperlyConfigured');
    expect((error as Error).message).to.include('accessTokenLifetime');
    expect(existsSync(join(dataDir, LOCK_FILE))).to.equal(false);
  });

  it('exits 1 with the reason when `npm start` cannot start (main.ts)', async () => {
    const file = join(dataDir, 'settings.json');
    writeFileSync(file, JSON.stringify({ bogusSetting: true }));
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const env: NodeJS.ProcessEnv = { ...process.env, ...startEnv(dataDir), OAUTH2_PROVIDER_SETTINGS_FILE: file };
    delete env.DATABASE_URL;
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'example-app/main.ts'],
        { cwd: root, env, timeout: 60000 },
        (e, _out, stderr) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : -1) : 0, stderr }),
      );
    });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('Cannot start the example app').and.include('bogusSetting');
    expect(result.stderr).not.to.match(/\n\s+at /);
  });
});
