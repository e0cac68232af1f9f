import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { ensureDemo, type DemoCredentials } from './demo.js';
import { sessionKeys } from './keys.js';
import { oidcRsaKey } from './oidc-key.js';
import { databaseChoice, openDatabase, type Database } from './orm.js';
import { issuerFor, readPort, settingsOverrides } from './config.js';
import { drainable } from './drain.js';

/** A started example app. */
export interface RunningApp {
  server: Server;
  /** The address it listens on, e.g. `http://127.0.0.1:8000/`. */
  url: string;
  issuer: string;
  database: Database;
  demo: DemoCredentials;
  /** Stop listening and close the database (releasing the PGlite data directory). */
  close(): Promise<void>;
}

/** How long shutdown waits for requests still being handled. */
const SHUTDOWN_GRACE_MS = 10_000;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * What `npm start` does: read the settings file, open the database (PGlite in DATA_DIR unless DATABASE_URL), apply
 * the migrations, listen on PORT (default 8000) and HOST (default 127.0.0.1), configure the toolkit with ISSUER
 * (default `http://127.0.0.1:$PORT/o`), and create the demo user and application once. `TRUST_PROXY=1` trusts
 * `X-Forwarded-*` headers (behind a reverse proxy only).
 */
export async function boot(env: NodeJS.ProcessEnv = process.env): Promise<RunningApp> {
  const port = readPort(env);
  const host = env.HOST || '127.0.0.1';
  const settings = settingsOverrides(env);
  const choice = databaseChoice(env);
  const keys = sessionKeys(env, choice.dataDir);
  const oidcRsaPrivateKey = oidcRsaKey(env, choice.dataDir);
  const database = await openDatabase(choice);
  // Listen before configuring, so that PORT=0 (tests) still gets an issuer with the real port.
  const server = createServer();
  try {
    await database.orm.getMigrator().up();
    await listen(server, port, host);
    const actualPort = (server.address() as AddressInfo).port;
    const issuer = issuerFor(env, actualPort);
    const app = createApp({
      orm: database.orm,
      keys,
      issuer,
      settings,
      oidcRsaPrivateKey,
      proxy: env.TRUST_PROXY === '1',
    });
    const handler = drainable(app.callback());
    server.on('request', handler.handle);
    const demo = await ensureDemo(database.orm, { redirectUri: new URL('/callback', issuer).href });
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`;
    return {
      server,
      url,
      issuer,
      database,
      demo,
      async close() {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Requests already being handled finish before the database goes (a client may have hung up on them).
        await handler.drain(SHUTDOWN_GRACE_MS);
        await closed;
        await database.close();
      },
    };
  } catch (error) {
    server.close();
    await database.close();
    throw error;
  }
}
