// Target (b), the floor: bare Koa with a `pg` pool, doing only the statements each scenario cannot do without and
// the same cheap secret check as the others. No provider can beat it; everything else is reported as a ratio to it.
// Tables: bench/targets/floor.ts.
import Koa, { type Context } from 'koa';
import pg from 'pg';
import { randomToken, secretMatches, sha256 } from '../secrets.js';
import { basicCredentials, bearerToken, listenFromEnv, noStore, oauthError, poolSize, readForm } from './http.js';

const TOKEN_SECONDS = 3600;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: poolSize(), idleTimeoutMillis: 0 });

interface ClientRow {
  id: number;
  client_id: string;
  secret_sha256: Buffer;
}

/** Look up the client of the Basic header and check its secret (one SELECT). */
async function authenticateClient(ctx: Context): Promise<ClientRow | null> {
  const credentials = basicCredentials(ctx.get('Authorization'));
  if (!credentials) return null;
  const { rows } = await pool.query<ClientRow>('SELECT id, client_id, secret_sha256 FROM client WHERE client_id = $1', [
    credentials.id,
  ]);
  const client = rows[0];
  return client && secretMatches(credentials.secret, client.secret_sha256) ? client : null;
}

/** S1: one SELECT (client) and one INSERT (token). */
async function clientCredentials(ctx: Context, client: ClientRow, form: URLSearchParams): Promise<void> {
  const token = randomToken();
  const scope = form.get('scope') ?? 'read';
  await pool.query(
    `INSERT INTO access_token (checksum, client_id, scope, expires) VALUES ($1, $2, $3, now() + interval '1 hour')`,
    [sha256(token), client.id, scope],
  );
  noStore(ctx);
  ctx.body = { access_token: token, token_type: 'Bearer', expires_in: TOKEN_SECONDS, scope };
}

interface CodeRow {
  user_id: number;
  scope: string;
  redirect_uri: string;
  code_challenge: string;
  expires: Date;
}

/** S4: one SELECT (client), one DELETE ... RETURNING (code), one INSERT of both tokens (a data-modifying CTE). */
async function authorizationCode(ctx: Context, client: ClientRow, form: URLSearchParams): Promise<void> {
  const { rows } = await pool.query<CodeRow>(
    `DELETE FROM auth_code WHERE code = $1 AND client_id = $2
     RETURNING user_id, scope, redirect_uri, code_challenge, expires`,
    [form.get('code') ?? '', client.id],
  );
  const code = rows[0];
  const verifier = form.get('code_verifier') ?? '';
  // The code is consumed even when the checks below fail, so a wrong verifier cannot be retried (RFC 9700 §4.8).
  if (
    !code ||
    code.expires.getTime() < Date.now() ||
    code.redirect_uri !== form.get('redirect_uri') ||
    !secretMatches(verifier, Buffer.from(code.code_challenge, 'base64url'))
  ) {
    return oauthError(ctx, 400, 'invalid_grant');
  }
  const access = randomToken();
  const refresh = randomToken();
  await pool.query(
    `WITH at AS (
       INSERT INTO access_token (checksum, client_id, user_id, scope, expires)
       VALUES ($1, $2, $3, $4, now() + interval '1 hour') RETURNING id)
     INSERT INTO refresh_token (checksum, client_id, user_id, access_token_id) SELECT $5, $2, $3, id FROM at`,
    [sha256(access), client.id, code.user_id, code.scope, sha256(refresh)],
  );
  noStore(ctx);
  ctx.body = {
    access_token: access,
    token_type: 'Bearer',
    expires_in: TOKEN_SECONDS,
    refresh_token: refresh,
    scope: code.scope,
  };
}

async function token(ctx: Context): Promise<void> {
  const form = await readForm(ctx);
  const client = await authenticateClient(ctx);
  if (!client) return oauthError(ctx, 401, 'invalid_client');
  const grantType = form.get('grant_type');
  if (grantType === 'client_credentials') return clientCredentials(ctx, client, form);
  if (grantType === 'authorization_code') return authorizationCode(ctx, client, form);
  return oauthError(ctx, 400, 'unsupported_grant_type');
}

interface TokenRow {
  scope: string;
  expires: Date;
}

/** Find a live token; S3 also needs the public id of its client, S2 does not (so it skips the join). */
async function findToken<T extends TokenRow>(query: string, value: string): Promise<T | null> {
  const { rows } = await pool.query<T>(query, [sha256(value)]);
  const row = rows[0];
  return row && row.expires.getTime() > Date.now() ? row : null;
}

const RESOURCE_QUERY = 'SELECT scope, expires FROM access_token WHERE checksum = $1';
const INTROSPECT_QUERY = `SELECT t.scope, t.expires, c.client_id FROM access_token t JOIN client c ON c.id = t.client_id
  WHERE t.checksum = $1`;

/** S2: one SELECT (token). */
async function resource(ctx: Context): Promise<void> {
  const value = bearerToken(ctx.get('Authorization'));
  const row = value ? await findToken(RESOURCE_QUERY, value) : null;
  if (!row) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer error="invalid_token"');
    return;
  }
  ctx.body = { resource: 'protected', scope: row.scope };
}

/** S3: one SELECT (client) and one SELECT (token). */
async function introspect(ctx: Context): Promise<void> {
  const form = await readForm(ctx);
  if (!(await authenticateClient(ctx))) return oauthError(ctx, 401, 'invalid_client');
  const row = await findToken<TokenRow & { client_id: string }>(INTROSPECT_QUERY, form.get('token') ?? '');
  noStore(ctx);
  ctx.body = row
    ? {
        active: true,
        scope: row.scope,
        client_id: row.client_id,
        token_type: 'Bearer',
        exp: Math.floor(row.expires.getTime() / 1000),
      }
    : { active: false };
}

const app = new Koa();
app.use(async (ctx) => {
  // A switch, not a router: the floor keeps only what no provider can avoid.
  if (ctx.method === 'POST' && ctx.path === '/token') return token(ctx);
  if (ctx.method === 'GET' && ctx.path === '/resource') return resource(ctx);
  if (ctx.method === 'POST' && ctx.path === '/introspect') return introspect(ctx);
  ctx.status = 404;
});
listenFromEnv(app, 'floor');
