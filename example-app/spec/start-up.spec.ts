import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../data-lock.js';
import { KEY_FILE, sessionKeys } from '../keys.js';
import { readSettingsFile } from '../settings-file.js';
import { tempDir } from './database.js';

describe('example app: start-up pieces', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('lockDataDir', () => {
    it('holds the directory with a pid file and refuses a second holder while it lives', () => {
      const release = lockDataDir(dir);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).to.equal(String(process.pid));
      expect(() => lockDataDir(dir)).to.throw(DataDirLockedError, /in use by another process/);
      release();
      expect(existsSync(join(dir, LOCK_FILE))).to.equal(false);
      lockDataDir(dir)();
    });

    it('takes over a lock file left by a process that no longer exists', () => {
      // Pid 2^22 + 1 is above Linux's pid_max default, so no process has it.
      writeFileSync(join(dir, LOCK_FILE), `${2 ** 22 + 1}\n`);
      const release = lockDataDir(dir);
      expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).to.equal(String(process.pid));
      release();
    });
  });

  describe('sessionKeys', () => {
    it('uses SECRET_KEYS, comma-separated, newest first', () => {
      expect(sessionKeys({ SECRET_KEYS: 'new, old' }, dir)).to.deep.equal(['new', 'old']);
      expect(existsSync(join(dir, KEY_FILE))).to.equal(false);
    });

    it('generates one key, keeps it under the data directory (0600) and reuses it', () => {
      const [key] = sessionKeys({}, dir);
      expect(key).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(statSync(join(dir, KEY_FILE)).mode & 0o777).to.equal(0o600);
      expect(sessionKeys({}, dir)).to.deep.equal([key]);
    });

    it('requires SECRET_KEYS in production rather than generating a key', () => {
      expect(() => sessionKeys({ NODE_ENV: 'production' }, dir)).to.throw(/SECRET_KEYS must be set/);
    });
  });

  describe('readSettingsFile', () => {
    it('reads a JSON object', () => {
      writeFileSync(join(dir, 's.json'), '{"accessTokenExpireSeconds": 60}');
      expect(readSettingsFile(join(dir, 's.json'))).to.deep.equal({ accessTokenExpireSeconds: 60 });
    });

    it('names the file, not its contents, when the JSON is broken', () => {
      writeFileSync(join(dir, 's.json'), '{"secret": "hunter2",');
      expect(() => readSettingsFile(join(dir, 's.json')))
        .to.throw(/s\.json is not valid JSON/)
        .and.satisfy((error: Error) => !error.message.includes('hunter2'));
    });

    it('refuses JSON that is not an object', () => {
      writeFileSync(join(dir, 's.json'), '[1]');
      expect(() => readSettingsFile(join(dir, 's.json'))).to.throw(/must hold a JSON object/);
    });
  });
});
