// Target (c): node-oidc-provider 9 (bench/servers/oidc-provider.ts), its table and its seed. The seed goes through
// the provider's own models (a provider instance in the runner, same configuration and adapter), so the stored
// payloads are exactly what the provider writes; the S4 codes are copies of one such code under new ids.
import { createRequire } from 'node:module';
import pg from 'pg';
import { randomToken, s256Challenge } from '../secrets.js';
import { FIXTURE_LIFETIME_SECONDS, REDIRECT_URI, codeBatches, schemaMigration, tsxServer, withDatabase } from './db.js';
import type { Fixtures, Target } from './types.js';

const SCHEMA = `
CREATE TABLE oidc_payload (model text NOT NULL, id text NOT NULL, payload jsonb NOT NULL, grant_id text,
  user_code text, uid text, consumed_at timestamptz, expires_at timestamptz, PRIMARY KEY (model, id));
CREATE INDEX oidc_payload_grant_id ON oidc_payload (grant_id);
CREATE INDEX oidc_payload_user_code ON oidc_payload (user_code);
CREATE INDEX oidc_payload_uid ON oidc_payload (uid);
`;

const TEMPLATE_CODE_ID = 'bench-template-code';
const ACCOUNT_ID = 'bench-user';
const version = (createRequire(import.meta.url)('oidc-provider/package.json') as { version: string }).version;

async function seedThroughProvider(databaseUrl: string, clientSecret: string, verifier: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    // Imported here, not at the top, so that runs without this target do not load oidc-provider (and its warning).
    const { createBenchProvider } = await import('../servers/oidc-config.js');
    // The issuer only matters for responses; the seeder never serves any.
    const provider = await createBenchProvider('http://127.0.0.1', pool);
    await withDatabase(databaseUrl, (db) =>
      db.query(`INSERT INTO oidc_payload (model, id, payload) VALUES ('Client', 'bench', $1)`, [
        {
          client_id: 'bench',
          client_secret: clientSecret,
          grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
          response_types: ['code'],
          redirect_uris: [REDIRECT_URI],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ]),
    );
    const client = await provider.Client.find('bench');
    if (!client) throw new Error('oidc-provider seed: the client was not found after insertion');
    const accessToken = await new provider.ClientCredentials({ client, expiresIn: FIXTURE_LIFETIME_SECONDS }).save();
    const grant = new provider.Grant({ clientId: 'bench', accountId: ACCOUNT_ID });
    grant.addOIDCScope('offline_access');
    const grantId = await grant.save();
    const code = new provider.AuthorizationCode({
      client,
      accountId: ACCOUNT_ID,
      grantId,
      scope: 'offline_access',
      redirectUri: REDIRECT_URI,
      codeChallenge: s256Challenge(verifier),
      codeChallengeMethod: 'S256',
    });
    code.jti = TEMPLATE_CODE_ID;
    await code.save();
    return accessToken;
  } finally {
    await pool.end();
  }
}

/** node-oidc-provider with a one-table PostgreSQL adapter. */
export const oidcProviderTarget: Target = {
  id: 'oidc-provider',
  label: `node-oidc-provider ${version}, one-table JSONB PostgreSQL adapter, opaque tokens`,
  paths: { token: '/token', resource: '/resource', introspect: '/introspect' },
  scenarios: ['S1', 'S2', 'S3', 'S4'],
  migrate: schemaMigration(SCHEMA),
  server: tsxServer('bench/servers/oidc-provider.ts'),
  async seed(databaseUrl): Promise<Fixtures> {
    const clientSecret = randomToken();
    const codeVerifier = randomToken();
    const accessToken = await seedThroughProvider(databaseUrl, clientSecret, codeVerifier);
    return { clientId: 'bench', clientSecret, accessToken, redirectUri: REDIRECT_URI, codeVerifier };
  },
  async mintCodes(databaseUrl, _fixtures, count) {
    const batches = codeBatches(count);
    await withDatabase(databaseUrl, async (db) => {
      for (const batch of batches) {
        const { rowCount } = await db.query(
          `INSERT INTO oidc_payload (model, id, payload, grant_id, expires_at)
           SELECT t.model, c.id, jsonb_set(t.payload, '{jti}', to_jsonb(c.id)), t.grant_id, t.expires_at
           FROM unnest($1::text[]) AS c(id), oidc_payload t WHERE t.model = 'AuthorizationCode' AND t.id = $2`,
          [batch, TEMPLATE_CODE_ID],
        );
        if (rowCount !== batch.length) throw new Error('oidc-provider mintCodes: the template code is missing');
      }
    });
    return batches.flat();
  },
};
