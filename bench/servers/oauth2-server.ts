// Target (d): @node-oauth/oauth2-server 5 behind a minimal Koa wrapper with a PostgreSQL model. The library has no
// introspection endpoint, so S3 is n/a for this target.
import OAuth2Server from '@node-oauth/oauth2-server';
import Koa, { type Context } from 'koa';
import pg from 'pg';
import { listenFromEnv, poolSize, readForm } from './http.js';
import { postgresModel } from './oauth2-model.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: poolSize(), idleTimeoutMillis: 0 });
const oauth = new OAuth2Server({
  model: postgresModel(pool),
  accessTokenLifetime: 3600,
  refreshTokenLifetime: 14 * 24 * 3600,
});

function libraryRequest(ctx: Context, body: Record<string, string>): OAuth2Server.Request {
  return new OAuth2Server.Request({
    method: ctx.method,
    headers: ctx.headers as Record<string, string>,
    query: ctx.query as Record<string, string>,
    body,
  });
}

/** Copy the library's response (status, headers, body) onto Koa's. */
function reply(ctx: Context, response: OAuth2Server.Response): void {
  ctx.status = response.status ?? 200;
  for (const [name, value] of Object.entries(response.headers ?? {})) ctx.set(name, value);
  ctx.body = response.body;
}

/** Run a library call, answering its OAuth errors with their own status and body. */
async function handle(ctx: Context, call: (response: OAuth2Server.Response) => Promise<unknown>): Promise<void> {
  const response = new OAuth2Server.Response();
  try {
    await call(response);
  } catch (error) {
    if (!(error instanceof OAuth2Server.OAuthError)) throw error;
    response.status = error.code;
    response.body ??= { error: error.name };
  }
  reply(ctx, response);
}

async function token(ctx: Context): Promise<void> {
  const body = Object.fromEntries(await readForm(ctx));
  await handle(ctx, (response) => oauth.token(libraryRequest(ctx, body), response));
}

async function resource(ctx: Context): Promise<void> {
  await handle(ctx, async (response) => {
    const accessToken = await oauth.authenticate(libraryRequest(ctx, {}), response);
    response.body = { resource: 'protected', scope: accessToken.scope?.join(' ') };
  });
}

const app = new Koa();
app.use(async (ctx) => {
  if (ctx.method === 'POST' && ctx.path === '/token') return token(ctx);
  if (ctx.method === 'GET' && ctx.path === '/resource') return resource(ctx);
  ctx.status = 404;
});
listenFromEnv(app, 'oauth2-server');
