// The one node-oidc-provider configuration of target (c), shared by its server and its seeder so that both see the
// same models: client_credentials, introspection and the code flow with PKCE, opaque tokens, everything persisted
// through the PostgreSQL adapter (the client included, so that S1 reads it from the database as the floor does).
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type pg from 'pg';
import { FIXTURE_LIFETIME_SECONDS } from '../targets/db.js';
import { postgresAdapter } from './oidc-adapter.js';

/** Return a provider for `issuer` storing everything through `pool`. */
export async function createBenchProvider(issuer: string, pool: pg.Pool): Promise<Provider> {
  // A real signing key, so that the provider does not fall back to (and warn about) its development keys; opaque
  // access tokens never use it.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return new Provider(issuer, {
    adapter: postgresAdapter(pool),
    findAccount: async (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'bench', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['bench-cookie-key-not-secret'] },
    features: {
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      devInteractions: { enabled: false },
    },
    routes: { token: '/token', introspection: '/introspect' },
    scopes: ['openid', 'offline_access'],
    pkce: { required: () => true },
    ttl: {
      AccessToken: 3600,
      ClientCredentials: 3600,
      // The seeded codes must outlast the run (issue 6, S4); the bench never issues codes through /auth.
      AuthorizationCode: FIXTURE_LIFETIME_SECONDS,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
  });
}
