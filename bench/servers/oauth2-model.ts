// The PostgreSQL model behind target (d), @node-oauth/oauth2-server 5: one statement per model call, tokens and client
// secrets stored as SHA-256 digests and checked like the floor's. Tables: bench/targets/oauth2-server.ts.
import type OAuth2Server from '@node-oauth/oauth2-server';
import type pg from 'pg';
import { secretMatches, sha256 } from '../secrets.js';

type Model = OAuth2Server.AuthorizationCodeModel & OAuth2Server.ClientCredentialsModel;

interface ClientRow {
  id: string;
  secret_sha256: Buffer;
  redirect_uris: string[];
  grants: string[];
}

interface TokenRow {
  access_expires: Date;
  scope: string[] | null;
  client_id: string;
  user_id: string;
}

interface CodeRow extends TokenRow {
  expires: Date;
  redirect_uri: string;
  code_challenge: string | null;
  code_challenge_method: string | null;
}

/** Return the model the library calls, over `pool`. */
export function postgresModel(pool: pg.Pool): Model {
  return {
    async getClient(clientId, clientSecret) {
      const { rows } = await pool.query<ClientRow>(
        'SELECT id, secret_sha256, redirect_uris, grants FROM oauth_client WHERE id = $1',
        [clientId],
      );
      const row = rows[0];
      // A confidential client: a missing secret is refused even on the PKCE path the library allows without one.
      if (!row || !clientSecret || !secretMatches(clientSecret, row.secret_sha256)) return false;
      return { id: row.id, redirectUris: row.redirect_uris, grants: row.grants };
    },

    async getUserFromClient(client) {
      return { id: `client:${client.id}` };
    },

    async saveToken(token, client, user) {
      await pool.query(
        `INSERT INTO oauth_token (access_checksum, access_expires, refresh_checksum, refresh_expires, scope,
           client_id, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          sha256(token.accessToken),
          token.accessTokenExpiresAt,
          token.refreshToken ? sha256(token.refreshToken) : null,
          token.refreshTokenExpiresAt ?? null,
          token.scope ?? null,
          client.id,
          String(user.id),
        ],
      );
      return { ...token, client, user };
    },

    async getAccessToken(accessToken) {
      const { rows } = await pool.query<TokenRow>(
        'SELECT access_expires, scope, client_id, user_id FROM oauth_token WHERE access_checksum = $1',
        [sha256(accessToken)],
      );
      const row = rows[0];
      if (!row) return false;
      return {
        accessToken,
        accessTokenExpiresAt: row.access_expires,
        scope: row.scope ?? undefined,
        client: { id: row.client_id, grants: [] },
        user: { id: row.user_id },
      };
    },

    async getAuthorizationCode(authorizationCode) {
      const { rows } = await pool.query<CodeRow>(
        `SELECT expires, redirect_uri, scope, client_id, user_id, code_challenge, code_challenge_method
         FROM oauth_code WHERE code = $1`,
        [authorizationCode],
      );
      const row = rows[0];
      if (!row) return false;
      return {
        authorizationCode,
        expiresAt: row.expires,
        redirectUri: row.redirect_uri,
        scope: row.scope ?? undefined,
        client: { id: row.client_id, grants: [] },
        user: { id: row.user_id },
        codeChallenge: row.code_challenge ?? undefined,
        codeChallengeMethod: row.code_challenge_method ?? undefined,
      };
    },

    async revokeAuthorizationCode(code) {
      const { rowCount } = await pool.query('DELETE FROM oauth_code WHERE code = $1', [code.authorizationCode]);
      return rowCount === 1;
    },

    async saveAuthorizationCode() {
      // Codes are inserted by the seeder (bench/targets/oauth2-server.ts); the bench never calls /authorize.
      return false;
    },
  };
}
