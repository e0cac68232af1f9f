import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { expect } from 'chai';
import { Application, createApplication } from '../../lib/index.js';
import { configureToolkit } from '../app.js';
import { OIDC_KEY_FILE, oidcRsaKey } from '../oidc-key.js';
import { Session } from '../models/session.js';
import { User } from '../models/user.js';
import { openDatabase } from '../orm.js';
import { createScratchDatabase, type ScratchDatabase } from '../scratch-database.js';
import { tempDir } from './database.js';
import { manage } from './manage.js';

/**
 * `npm run manage -- <command>` in a child process, as a user runs it: on a fresh PGlite directory, or on a scratch
 * PostgreSQL database when DATABASE_URL is set.
 */
describe('example app: manage commands', function () {
  this.timeout(120000);
  let dataDir: string;
  let scratch: ScratchDatabase | undefined;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dataDir = tempDir();
    const serverUrl = process.env.DATABASE_URL;
    if (serverUrl) scratch = await createScratchDatabase(serverUrl, 'koa_oauth_toolkit_manage_spec');
    env = { DATA_DIR: dataDir, DATABASE_URL: scratch?.url, OAUTH2_PROVIDER_SETTINGS_FILE: '' };
  });

  after(async () => {
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Read the database between runs (the commands have exited, so PGlite's directory is free). */
  async function inDatabase<T>(work: (orm: MikroORM) => Promise<T>): Promise<T> {
    const database = await openDatabase({ dataDir, databaseUrl: scratch?.url });
    try {
      return await work(database.orm);
    } finally {
      await database.close();
    }
  }

  it('refuses to work on a database without its migrations (exit 1), then migrate applies them once', async () => {
    // Its own empty database, whatever ran before.
    const freshDir = tempDir();
    const fresh = process.env.DATABASE_URL
      ? await createScratchDatabase(process.env.DATABASE_URL, 'koa_oauth_toolkit_manage_spec')
      : undefined;
    const freshEnv = { DATA_DIR: freshDir, DATABASE_URL: fresh?.url };
    try {
      const early = await manage(['createuser', '--username', 'early', '--password', 'pw'], freshEnv);
      expect(early.code).to.equal(1);
      expect(early.stderr).to.include('run `npm run manage -- migrate` first');
      const first = await manage(['migrate'], freshEnv);
      expect(first.code, first.stderr).to.equal(0);
      expect(first.stdout).to.match(/Applied Migration\d{14}/);
      const again = await manage(['migrate'], freshEnv);
      expect(again.code).to.equal(0);
      expect(again.stdout).to.include('No migrations to apply.');
    } finally {
      await fresh?.drop();
      rmSync(freshDir, { recursive: true, force: true });
    }
  });

  describe('after migrate', () => {
    before(async () => {
      // Self-contained: migrate (idempotent), then a user and an application the tests below refer to.
      expect((await manage(['migrate'], env)).code).to.equal(0);
      await inDatabase(async (orm) => {
        configureToolkit({ orm, issuer: 'http://127.0.0.1:8000/o' });
        const em = orm.em.fork();
        const owner = em.create(User, { username: 'owner' });
        await owner.setPassword('pw');
        await em.flush();
        await createApplication(em, {
          clientType: 'public',
          authorizationGrantType: 'client-credentials',
          clientId: 'existing-client',
        });
      });
    });

    it('createuser creates an active user, or an inactive one, with a hashed password', async () => {
      const active = await manage(
        [
          'createuser',
          '--username',
          'alice',
          '--password',
          'pw-alice',
          '--email',
          'alice@example.com',
          '--first-name',
          'Alice',
        ],
        env,
      );
      expect(active.code, active.stderr).to.equal(0);
      expect(active.stdout).to.include("User 'alice' created.");
      const inactive = await manage(['createuser', '--username', 'ina', '--password', 'pw', '--inactive'], env);
      expect(inactive.code, inactive.stderr).to.equal(0);
      await inDatabase(async (orm) => {
        const em = orm.em.fork();
        const alice = await em.findOneOrFail(User, { username: 'alice' });
        expect(alice.isActive).to.equal(true);
        expect(alice.email).to.equal('alice@example.com');
        expect(alice.firstName).to.equal('Alice');
        expect(alice.password).to.match(/^scrypt\$/);
        expect(await alice.checkPassword('pw-alice')).to.equal(true);
        expect((await em.findOneOrFail(User, { username: 'ina' })).isActive).to.equal(false);
      });
    });

    it('createuser refuses a taken username and invalid values (exit 1 with the reason)', async () => {
      const taken = await manage(['createuser', '--username', 'owner', '--password', 'x'], env);
      expect(taken.code).to.equal(1);
      expect(taken.stderr).to.include("A user with the username 'owner' already exists.");
      const invalid = await manage(['createuser', '--username', 'bad name', '--password', '', '--email', 'nope'], env);
      expect(invalid.code).to.equal(1);
      expect(invalid.stderr).to.include('username:').and.include('password:').and.include('email:');
    });

    it('createapplication prints a generated secret once and stores only its hash', async () => {
      const result = await manage(
        [
          'createapplication',
          'confidential',
          'authorization-code',
          '--name',
          'Shop',
          '--user',
          'owner',
          '--redirect-uris',
          'https://shop.example/cb http://127.0.0.1/cb',
          '--allowed-scopes',
          'read write',
          '--skip-authorization',
        ],
        env,
      );
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.include('New application Shop created successfully.');
      const clientId = /client_id: (\S+)/.exec(result.stdout)?.[1];
      const secret = /client_secret: (\S+)/.exec(result.stdout)?.[1];
      expect(clientId).to.be.a('string');
      expect(secret).to.be.a('string').with.length.greaterThan(20);
      await inDatabase(async (orm) => {
        const em = orm.em.fork();
        const application = await em.findOneOrFail(
          Application,
          { clientId: clientId! },
          { populate: ['user'] as never },
        );
        expect(application.clientSecret).not.to.include(secret!);
        expect(application.hashClientSecret).to.equal(true);
        expect(application.redirectUris).to.equal('https://shop.example/cb http://127.0.0.1/cb');
        expect(application.allowedScopes).to.deep.equal(['read', 'write']);
        expect(application.skipAuthorization).to.equal(true);
        expect((application.user as User).username).to.equal('owner');
      });
    });

    it('createapplication --algorithm RS256 signs with the key npm start keeps in DATA_DIR', async () => {
      // What `npm start` does first: read DATA_DIR's key, generating it the first time.
      const key = oidcRsaKey({}, dataDir);
      const result = await manage(
        [
          'createapplication',
          'confidential',
          'authorization-code',
          '--client-id',
          'rs256-client',
          '--redirect-uris',
          'https://rp.example/cb',
          '--algorithm',
          'RS256',
        ],
        env,
      );
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stderr).to.equal('');
      expect(readFileSync(join(dataDir, OIDC_KEY_FILE), 'utf8')).to.equal(key);
      await inDatabase(async (orm) => {
        const application = await orm.em.fork().findOneOrFail(Application, { clientId: 'rs256-client' });
        expect(application.algorithm).to.equal('RS256');
      });
    });

    it('createapplication --json prints exactly client_id and client_secret', async () => {
      const result = await manage(
        ['createapplication', 'confidential', 'client-credentials', '--client-id', 'json-client', '--json'],
        env,
      );
      expect(result.code, result.stderr).to.equal(0);
      const printed = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(Object.keys(printed)).to.deep.equal(['client_id', 'client_secret']);
      expect(printed.client_id).to.equal('json-client');
      expect(printed.client_secret).to.be.a('string').with.length.greaterThan(20);
    });

    it('createapplication public urn:ietf:params:oauth:grant-type:device_code makes a device client', async () => {
      const grant = 'urn:ietf:params:oauth:grant-type:device_code';
      const result = await manage(['createapplication', 'public', grant, '--client-id', 'tv-client', '--json'], env);
      expect(result.code, result.stderr).to.equal(0);
      expect((JSON.parse(result.stdout) as { client_id: string }).client_id).to.equal('tv-client');
      await inDatabase(async (orm) => {
        const application = await orm.em.fork().findOneOrFail(Application, { clientId: 'tv-client' });
        expect(application).to.include({ clientType: 'public', authorizationGrantType: grant, redirectUris: '' });
      });
    });

    it('createapplication refuses invalid values with the reasons (exit 1)', async () => {
      const result = await manage(['createapplication', 'secretive', 'authorization-code', '--user', 'nobody'], env);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.include('Please correct the following errors').and.include('user');
      const duplicate = await manage(
        ['createapplication', 'public', 'client-credentials', '--client-id', 'existing-client'],
        env,
      );
      expect(duplicate.code).to.equal(1);
      expect(duplicate.stderr).to.include('clientId');
    });

    it('refuses a settings file with an unknown key, naming it (exit 1)', async () => {
      const file = join(dataDir, 'settings.json');
      writeFileSync(file, JSON.stringify({ clearExpiredTokensBatchSize: 100, tokenLifetime: 5 }));
      const result = await manage(['cleartokens'], { ...env, OAUTH2_PROVIDER_SETTINGS_FILE: file });
      expect(result.code).to.equal(1);
      expect(result.stderr).to.include('tokenLifetime');
    });

    it('cleartokens runs and reports what it deleted', async () => {
      const result = await manage(['cleartokens'], env);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/Deleted 0 access token\(s\)/);
    });

    it('clearsessions deletes the expired sessions and keeps the live ones', async () => {
      const key = (name: string): string => name.padEnd(64, '0');
      await inDatabase(async (orm) => {
        const em = orm.em.fork();
        for (const [name, offset] of [
          ['expired', -1000],
          ['live', 3600_000],
        ] as const) {
          em.create(Session, { sessionKey: key(name), sessionData: {}, expireDate: new Date(Date.now() + offset) });
        }
        await em.flush();
      });
      const result = await manage(['clearsessions'], env);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal('Deleted 1 expired session(s).\n');
      const left = await inDatabase((orm) => orm.em.fork().find(Session, {}));
      expect(left.map((session) => session.sessionKey)).to.deep.equal([key('live')]);
    });
  });

  it('says clearly that the data directory is held by a running server (exit 1)', async () => {
    const heldDir = tempDir();
    const server = await openDatabase({ dataDir: heldDir });
    try {
      const result = await manage(['migrate'], { DATA_DIR: heldDir, DATABASE_URL: undefined });
      expect(result.code).to.equal(1);
      expect(result.stderr).to.include(`The database in ${heldDir} is in use by another process (pid ${process.pid}`);
    } finally {
      await server.close();
      rmSync(heldDir, { recursive: true, force: true });
    }
  });
});
