// The example app's fixtures, made with the toolkit's own functions on an ORM opened on the target's database (the
// example app's own entities, so the rows are exactly what the app reads): a user, a client-credentials application
// (S1, S3, and the owner of the S2/S3 token), an authorization-code application (S4), and one access token. The S4
// codes are plain SQL rows of the Grant table, stored as the toolkit stores them (SHA-256 hex checksum).
import { MikroORM } from '@mikro-orm/core';
import { configure, createApplication, getAccessTokenModel, resetSettings, tokenChecksum } from '../../lib/index.js';
import { ormOptions } from '../../example-app/orm.js';
import { User } from '../../example-app/models/user.js';
import { randomToken, s256Challenge } from '../secrets.js';
import { FIXTURE_LIFETIME_SECONDS, REDIRECT_URI, codeBatches, withDatabase } from './db.js';
import type { Fixtures } from './types.js';

/** The scope of the seeded token and of the S4 codes: what the app's protected resources ask for. */
export const EXAMPLE_APP_SCOPE = 'read write';

const USERNAME = 'bench-user';
const CC_CLIENT_ID = 'bench-cc';
const CODE_CLIENT_ID = 'bench-code';

function generatedSecret(clientSecret: string | null): string {
  // createApplication returns the secret in clear only when it generated it (stored as `sha256$<hex>`).
  if (clientSecret === null) throw new Error('example-app seed: createApplication returned no generated secret');
  return clientSecret;
}

/** Seed the example app's database at `databaseUrl` (migrated by the app at boot) and return the fixtures. */
export async function seedExampleApp(databaseUrl: string): Promise<Fixtures> {
  // dataDir is only used by PGlite and the session key file, neither of which applies with a database URL.
  const orm = await MikroORM.init({ ...ormOptions({ databaseUrl, dataDir: '' }), pool: { min: 0, max: 1 } });
  try {
    configure({ orm });
    const em = orm.em.fork();
    const user = em.create(User, { username: USERNAME });
    await em.persistAndFlush(user);
    const cc = await createApplication(em, {
      clientType: 'confidential',
      authorizationGrantType: 'client-credentials',
      clientId: CC_CLIENT_ID,
      name: 'bench client credentials',
    });
    const code = await createApplication(em, {
      clientType: 'confidential',
      authorizationGrantType: 'authorization-code',
      clientId: CODE_CLIENT_ID,
      name: 'bench authorization code',
      user,
      redirectUris: REDIRECT_URI,
    });
    const accessToken = randomToken();
    const row = em.create(getAccessTokenModel(), {
      application: cc.application,
      expires: new Date(Date.now() + FIXTURE_LIFETIME_SECONDS * 1000),
      scope: EXAMPLE_APP_SCOPE,
      tokenChecksum: tokenChecksum(accessToken),
    });
    await em.persistAndFlush(row);
    return {
      clientId: CC_CLIENT_ID,
      clientSecret: generatedSecret(cc.clientSecret),
      codeClient: { clientId: CODE_CLIENT_ID, clientSecret: generatedSecret(code.clientSecret) },
      accessToken,
      redirectUri: REDIRECT_URI,
      codeVerifier: randomToken(),
    };
  } finally {
    resetSettings();
    await orm.close(true);
  }
}

/**
 * Insert `count` unused codes of the authorization-code application for the bench user, each with the S256
 * challenge of `fixtures.codeVerifier` and a token family already set (as `saveAuthorizationCode` stores them).
 */
export async function mintExampleAppCodes(databaseUrl: string, fixtures: Fixtures, count: number): Promise<string[]> {
  const batches = codeBatches(count);
  const clientId = fixtures.codeClient?.clientId ?? fixtures.clientId;
  await withDatabase(databaseUrl, async (db) => {
    for (const batch of batches) {
      const { rowCount } = await db.query(
        `INSERT INTO oauth2_provider_grant (user_id, code_checksum, application_id, expires, redirect_uri, scope,
           created, updated, code_challenge, code_challenge_method, family)
         SELECT u.id, encode(sha256(convert_to(c.code, 'UTF8')), 'hex'), a.id, now() + make_interval(secs => $2),
           $3, $4, now(), now(), $5, 'S256', gen_random_uuid()
         FROM unnest($1::text[]) AS c(code), oauth2_provider_application a, auth_user u
         WHERE a.client_id = $6 AND u.username = $7`,
        [
          batch,
          FIXTURE_LIFETIME_SECONDS,
          fixtures.redirectUri,
          EXAMPLE_APP_SCOPE,
          s256Challenge(fixtures.codeVerifier),
          clientId,
          USERNAME,
        ],
      );
      if (rowCount !== batch.length)
        throw new Error('example-app mintCodes: the seeded application or user is missing');
    }
  });
  return batches.flat();
}
