// Target (b), the floor: its tables, its seed, and the command that starts bench/servers/floor.ts.
import { randomToken, s256Challenge, sha256 } from '../secrets.js';
import { FIXTURE_LIFETIME_SECONDS, REDIRECT_URI, codeBatches, schemaMigration, tsxServer, withDatabase } from './db.js';
import type { Fixtures, Target } from './types.js';

const SCHEMA = `
CREATE TABLE client (id serial PRIMARY KEY, client_id text UNIQUE NOT NULL, secret_sha256 bytea NOT NULL,
  redirect_uri text NOT NULL);
CREATE TABLE access_token (id bigserial PRIMARY KEY, checksum bytea UNIQUE NOT NULL,
  client_id int NOT NULL REFERENCES client (id), user_id int, scope text NOT NULL, expires timestamptz NOT NULL);
CREATE TABLE refresh_token (id bigserial PRIMARY KEY, checksum bytea UNIQUE NOT NULL,
  client_id int NOT NULL REFERENCES client (id), user_id int, access_token_id bigint UNIQUE REFERENCES access_token (id));
CREATE TABLE auth_code (code text PRIMARY KEY, client_id int NOT NULL REFERENCES client (id), user_id int NOT NULL,
  scope text NOT NULL, redirect_uri text NOT NULL, code_challenge text NOT NULL, expires timestamptz NOT NULL);
`;

/** The floor: bare Koa + pg, the least work a correct provider can do. */
export const floorTarget: Target = {
  id: 'floor',
  label: 'bare Koa routes + pg Pool, only the statements each scenario needs (the floor)',
  paths: { token: '/token', resource: '/resource', introspect: '/introspect' },
  scenarios: ['S1', 'S2', 'S3', 'S4'],
  migrate: schemaMigration(SCHEMA),
  server: tsxServer('bench/servers/floor.ts'),
  async seed(databaseUrl): Promise<Fixtures> {
    const clientSecret = randomToken();
    const accessToken = randomToken();
    await withDatabase(databaseUrl, async (db) => {
      await db.query(`INSERT INTO client (client_id, secret_sha256, redirect_uri) VALUES ('bench', $1, $2)`, [
        sha256(clientSecret),
        REDIRECT_URI,
      ]);
      await db.query(
        `INSERT INTO access_token (checksum, client_id, scope, expires)
         SELECT $1, id, 'read', now() + make_interval(secs => $2) FROM client WHERE client_id = 'bench'`,
        [sha256(accessToken), FIXTURE_LIFETIME_SECONDS],
      );
    });
    return { clientId: 'bench', clientSecret, accessToken, redirectUri: REDIRECT_URI, codeVerifier: randomToken() };
  },
  async mintCodes(databaseUrl, fixtures, count) {
    const batches = codeBatches(count);
    await withDatabase(databaseUrl, async (db) => {
      for (const batch of batches) {
        await db.query(
          `INSERT INTO auth_code (code, client_id, user_id, scope, redirect_uri, code_challenge, expires)
           SELECT c.code, client.id, 1, 'read', $2, $3, now() + make_interval(secs => $4)
           FROM unnest($1::text[]) AS c(code), client WHERE client.client_id = $5`,
          [
            batch,
            fixtures.redirectUri,
            s256Challenge(fixtures.codeVerifier),
            FIXTURE_LIFETIME_SECONDS,
            fixtures.clientId,
          ],
        );
      }
    });
    return batches.flat();
  },
};
