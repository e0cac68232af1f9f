// Target (c): node-oidc-provider 9 with the PostgreSQL adapter, plus the resource server of S2 in the same process:
// a route in front of the provider that looks the bearer token up through the provider's own model.
import type { Context } from 'koa';
import pg from 'pg';
import { bearerToken, poolSize } from './http.js';
import { createBenchProvider } from './oidc-config.js';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? '0');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: poolSize(), idleTimeoutMillis: 0 });
const provider = await createBenchProvider(`http://${host}:${port}`, pool);

provider.on('server_error', (_ctx, error) => console.error('server_error', error));

/** S2: the seeded token was issued by the client_credentials grant, so it is a `ClientCredentials` model. */
async function resource(ctx: Context): Promise<void> {
  const value = bearerToken(ctx.get('Authorization'));
  const token = value ? await provider.ClientCredentials.find(value) : undefined;
  if (!token?.isValid) {
    ctx.status = 401;
    ctx.set('WWW-Authenticate', 'Bearer error="invalid_token"');
    return;
  }
  ctx.body = { resource: 'protected', scope: token.scope };
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'GET' && ctx.path === '/resource') return resource(ctx);
  return next();
});
provider.listen(port, host, () => console.log(`oidc-provider listening on ${host}:${port}`));
