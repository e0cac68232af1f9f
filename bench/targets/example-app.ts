// Target (a): the toolkit's example app on PostgreSQL. It needs the token, introspection and protected-resource
// views of issue 4, so it is listed and skipped until they land. To plug it in (bench/README.md, "Adding target (a)"):
// delete `unavailable`, point `paths` at the app's routes, and fill `seed`/`mintCodes` with the toolkit's own
// models (createApplication, an AccessToken, Grant rows with a code_challenge) against `databaseUrl`.
import { REDIRECT_URI } from './db.js';
import type { Target } from './types.js';

const NOT_YET = 'not available until issue 4 lands (token, introspection and protected-resource views)';

/** The example app (`npm start`), which migrates its database at boot, so it needs no `migrate` step here. */
export const exampleAppTarget: Target = {
  id: 'example-app',
  label: 'koa-oauth-toolkit example app (MikroORM on PostgreSQL)',
  unavailable: NOT_YET,
  paths: { token: '/o/token/', resource: '/api/hello/', introspect: '/o/introspect/' },
  scenarios: ['S1', 'S2', 'S3', 'S4'],
  server: ({ databaseUrl, host, port }) => ({
    nodeArgs: ['--import', 'tsx', 'example-app/main.ts'],
    env: { DATABASE_URL: databaseUrl, HOST: host, PORT: String(port) },
  }),
  async seed() {
    throw new Error(`example-app: ${NOT_YET}; redirect URI to register: ${REDIRECT_URI}`);
  },
  async mintCodes() {
    throw new Error(`example-app: ${NOT_YET}`);
  },
};
