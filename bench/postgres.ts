// The bench's own PostgreSQL cluster: Debian's initdb in a temporary directory, a private port on loopback, the
// unix socket in that directory, pinned with the servers, and removed at the end. Durability is switched off
// (fsync, synchronous_commit, full_page_writes): the data is thrown away, and disk flushes would only add noise.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { trackDir } from './cleanup.js';
import { freePort, logTail, pinned, startLogged } from './processes.js';

/** The settings printed with every result, because they make the numbers incomparable with a durable server. */
export const DURABILITY_NOTE =
  'PostgreSQL runs with fsync=off, synchronous_commit=off, full_page_writes=off (bench only)';

/** A running cluster. */
export interface Cluster {
  version: string;
  port: number;
  /** The postmaster's pid, for CPU accounting of the database side. */
  pid: number;
  /** Create a database and return its `postgres://` URL (TCP on 127.0.0.1). */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

const SUPERUSER = 'bench';

function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : ''; // '' means: rely on PATH
}

/** initdb and postgres refuse to run as root; run them as the `postgres` user then (setpriv execs, no fork). */
function asClusterOwner(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root, but no `postgres` user');
  chownSync(dir, uid, gid);
  return ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--init-groups'];
}

async function waitReady(url: string, exited: () => boolean, logPath: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (exited()) throw new Error(`PostgreSQL exited during start-up:\n${logTail(logPath)}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within 30 s:\n${logTail(logPath)}`);
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? '?';
  } finally {
    await client.end();
  }
}

/**
 * Create and start a throwaway cluster pinned to `cpu`, on `preferredPort` or the next free port; `extra` adds
 * server settings (bench/profile.ts loads pg_stat_statements to count statements per request).
 */
export async function startCluster(
  cpu: string | undefined,
  preferredPort = 55432,
  extra: Readonly<Record<string, string>> = {},
): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'koa-oauth-bench-pg-'));
  trackDir(dir);
  const bin = binDir();
  const tool = (name: string): string => (bin ? join(bin, name) : name);
  const owner = asClusterOwner(dir);
  const data = join(dir, 'data');
  const [initdb = '', ...initArgs] = [...owner, tool('initdb'), '-D', data, '-U', SUPERUSER, '--auth=trust'];
  const init = spawnSync(initdb, [...initArgs, '-E', 'UTF8', '--no-locale', '--no-sync'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed (${init.error?.message ?? init.status}):\n${init.stderr}`);

  const port = await freePort('127.0.0.1', preferredPort);
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    shared_buffers: '256MB',
    max_connections: '100',
    ...extra,
  };
  const args = Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const argv = pinned(cpu, [...owner, tool('postgres'), '-D', data, '-p', String(port), ...args]);
  // SIGINT is PostgreSQL's fast shutdown, SIGQUIT its immediate one: either way the postmaster takes its backends
  // down with it, which SIGKILL would not.
  const server = startLogged('PostgreSQL', argv, process.env, join(dir, 'postgres.log'), {
    stop: 'SIGINT',
    force: 'SIGQUIT',
    graceMs: 10_000,
  });
  let gone = false;
  void server.exited.then(() => (gone = true));
  const urlFor = (db: string): string => `postgres://${SUPERUSER}@127.0.0.1:${port}/${db}`;
  await waitReady(urlFor('postgres'), () => gone, server.logPath);
  const version = await serverVersion(urlFor('postgres'));

  return {
    version,
    port,
    pid: server.pid,
    async createDatabase(name) {
      const admin = new pg.Client({ connectionString: urlFor('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await admin.end();
      }
      return urlFor(name);
    },
    stop: () => server.stop(),
  };
}
