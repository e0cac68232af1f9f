import { rmSync } from 'node:fs';
import { expect } from 'chai';
import { tempDir } from './database.js';
import { manage } from './manage.js';

/** `npm run manage --` refusing what it cannot do, before or without a database. */
describe('example app: manage commands, usage and makemigrations', function () {
  this.timeout(120000);
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dataDir = tempDir();
    env = { DATA_DIR: dataDir, DATABASE_URL: undefined, OAUTH2_PROVIDER_SETTINGS_FILE: '' };
  });

  after(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('wrong arguments (exit 2 with the usage)', () => {
    it('refuses no command and an unknown command', async () => {
      const none = await manage([], env);
      expect(none.code).to.equal(2);
      expect(none.stderr).to.include('usage: npm run manage -- <command>').and.include('createapplication');
      const unknown = await manage(['frobnicate'], env);
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.include("unknown command 'frobnicate'");
    });

    it('refuses an unknown option, a missing required option and a missing positional', async () => {
      const unknown = await manage(['createuser', '--username', 'x', '--password', 'y', '--admin'], env);
      expect(unknown.code).to.equal(2);
      expect(unknown.stderr).to.include('usage: npm run manage -- createuser').and.include("'--admin'");
      const missing = await manage(['createuser', '--username', 'x'], env);
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.include('--password');
      const positional = await manage(['createapplication', 'confidential'], env);
      expect(positional.code).to.equal(2);
      expect(positional.stderr).to.include('authorization_grant_type');
      const extra = await manage(['migrate', 'now'], env);
      expect(extra.code).to.equal(2);
      expect(extra.stderr).to.include('unrecognized arguments: now');
      const cleartokens = await manage(['cleartokens', '--all'], env);
      expect(cleartokens.code).to.equal(2);
    });
  });

  it('makemigrations finds nothing to generate: the shipped migrations match the entities', async function () {
    if (!process.env.DATABASE_URL) {
      console.log('    (pending: set DATABASE_URL to run makemigrations against PostgreSQL)');
      this.skip();
    }
    const result = await manage(['makemigrations'], { DATA_DIR: dataDir, DATABASE_URL: process.env.DATABASE_URL });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('No changes detected.');
  });

  it('makemigrations needs PostgreSQL (exit 1 without DATABASE_URL)', async () => {
    const result = await manage(['makemigrations'], { DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(result.code).to.equal(1);
    expect(result.stderr).to.include('set DATABASE_URL');
  });
});
