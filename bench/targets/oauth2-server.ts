// Target (d): @node-oauth/oauth2-server 5 (bench/servers/oauth2-server.ts), its tables and its seed.
import { createRequire } from 'node:module';
import { randomToken, s256Challenge, sha256 } from '../secrets.js';
import { FIXTURE_LIFETIME_SECONDS, REDIRECT_URI, codeBatches, schemaMigration, tsxServer, withDatabase } from './db.js';
import type { Fixtures, Target } from './types.js';

const SCHEMA = `
CREATE TABLE oauth_client (id text PRIMARY KEY, secret_sha256 bytea NOT NULL, redirect_uris text[] NOT NULL,
  grants text[] NOT NULL);
CREATE TABLE oauth_token (access_checksum bytea PRIMARY KEY, access_expires timestamptz NOT NULL,
  refresh_checksum bytea UNIQUE, refresh_expires timestamptz, scope text[],
  client_id text NOT NULL REFERENCES oauth_client (id), user_id text NOT NULL);
CREATE TABLE oauth_code (code text PRIMARY KEY, expires timestamptz NOT NULL, redirect_uri text NOT NULL, scope text[],
  client_id text NOT NULL REFERENCES oauth_client (id), user_id text NOT NULL, code_challenge text,
  code_challenge_method text);
`;

const version = (createRequire(import.meta.url)('@node-oauth/oauth2-server/package.json') as { version: string })
  .version;

/** @node-oauth/oauth2-server behind a minimal Koa wrapper; it has no introspection, so S3 is n/a. */
export const oauth2ServerTarget: Target = {
  id: 'oauth2-server',
  label: `@node-oauth/oauth2-server ${version} behind a minimal Koa wrapper, PostgreSQL model`,
  paths: { token: '/token', resource: '/resource', introspect: null },
  scenarios: ['S1', 'S2', 'S4'],
  migrate: schemaMigration(SCHEMA),
  server: tsxServer('bench/servers/oauth2-server.ts'),
  async seed(databaseUrl): Promise<Fixtures> {
    const clientSecret = randomToken();
    const accessToken = randomToken();
    await withDatabase(databaseUrl, async (db) => {
      await db.query(
        `INSERT INTO oauth_client (id, secret_sha256, redirect_uris, grants)
         VALUES ('bench', $1, $2, '{client_credentials,authorization_code,refresh_token}')`,
        [sha256(clientSecret), [REDIRECT_URI]],
      );
      await db.query(
        `INSERT INTO oauth_token (access_checksum, access_expires, scope, client_id, user_id)
         VALUES ($1, now() + make_interval(secs => $2), '{read}', 'bench', '1')`,
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
          `INSERT INTO oauth_code (code, expires, redirect_uri, scope, client_id, user_id, code_challenge,
             code_challenge_method)
           SELECT code, now() + make_interval(secs => $2), $3, '{read}', $4, '1', $5, 'S256'
           FROM unnest($1::text[]) AS code`,
          [
            batch,
            FIXTURE_LIFETIME_SECONDS,
            fixtures.redirectUri,
            fixtures.clientId,
            s256Challenge(fixtures.codeVerifier),
          ],
        );
      }
    });
    return batches.flat();
  },
};
