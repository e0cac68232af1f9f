/**
 * The example app as the OpenID provider of the end-to-end spec: started as `npm start` does (`boot()`), on a fresh
 * PGlite DATA_DIR and a free port, with its demo user and demo application (the first start prints their secrets,
 * which `boot()` returns). `close()` stops it and removes the directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { configureToolkit } from '../../../example-app/app.js';
import { boot } from '../../../example-app/boot.js';
import { User } from '../../../example-app/models/user.js';
import { oidcRsaKey } from '../../../example-app/oidc-key.js';
import type { Provider } from './provider.js';

/** Start the example app and describe its demo client and user. */
export async function startExampleProvider(): Promise<Provider> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oidc-e2e-'));
  const running = await boot({ DATA_DIR: dataDir, PORT: '0' });
  const { demo, issuer } = running;
  const orm = running.database.orm;
  const user = await orm.em.fork().findOneOrFail(User, { username: demo.username });
  if (demo.password === null || demo.clientSecret === null) throw new Error('a fresh DATA_DIR must create the demo');
  return {
    issuer,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    redirectUri: demo.redirectUri,
    postLogoutRedirectUri: new URL('/', issuer).href,
    credentials: { username: demo.username, password: demo.password },
    subject: String(user.id),
    email: user.email,
    // The run's root hook resets the toolkit settings after each test; boot() configured them once.
    configure: (extra = {}) =>
      configureToolkit({ orm, issuer, oidcRsaPrivateKey: oidcRsaKey({}, dataDir), settings: extra }),
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
