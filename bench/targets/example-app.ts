// Target (a): the toolkit's example app on PostgreSQL, started as `npm start` does. The app migrates its database
// at boot, so there is no `migrate`; the fixtures are made with the toolkit's own functions (example-app-seed.ts).
import { generateKeyPairSync } from 'node:crypto';
import { randomToken } from '../secrets.js';
import { mintExampleAppCodes, seedExampleApp } from './example-app-seed.js';
import type { Target } from './types.js';

/** The example app (`npm start`): the toolkit's views under `/o/`, and a ProtectedResourceView at `/api/hello`. */
export const exampleAppTarget: Target = {
  id: 'example-app',
  label: 'koa-oauth-toolkit example app (MikroORM on PostgreSQL)',
  paths: { token: '/o/token/', resource: '/api/hello', introspect: '/o/introspect/' },
  scenarios: ['S1', 'S2', 'S3', 'S4'],
  server: ({ databaseUrl, host, port }) => ({
    nodeArgs: ['--import', 'tsx', 'example-app/main.ts'],
    env: {
      DATABASE_URL: databaseUrl,
      HOST: host,
      PORT: String(port),
      // A fresh signing key per run: without it the app would create a key file under DATA_DIR (./.data).
      SECRET_KEYS: randomToken(),
      // Production mode also needs the ID token key in the environment (no key file under DATA_DIR either).
      OIDC_RSA_PRIVATE_KEY: rsaPrivateKeyPem(),
      NODE_ENV: 'production',
    },
  }),
  seed: seedExampleApp,
  mintCodes: mintExampleAppCodes,
};

/** A fresh 2048-bit RSA key (PKCS#8 PEM) for the app's ID tokens. */
function rsaPrivateKeyPem(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
