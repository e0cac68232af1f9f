// Small request helpers shared by the bench servers that have no framework of their own (the floor and the
// @node-oauth/oauth2-server wrapper): a bounded form-body reader and the RFC 6749 §2.3.1 / RFC 6750 §2.1 headers.
import type { Context } from 'koa';

const MAX_BODY_BYTES = 16 * 1024;

/** Read an `application/x-www-form-urlencoded` body (at most 16 KiB); anything else yields no fields. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) ctx.throw(413);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('latin1'));
}

/** Return the client credentials of an HTTP Basic header, form-decoded as RFC 6749 §2.3.1 requires. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    const formDecode = (part: string): string => decodeURIComponent(part.replace(/\+/g, ' '));
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

/** Return the token of an `Authorization: Bearer` header (RFC 6750 §2.1), or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header || header.length < 8 || header.slice(0, 7).toLowerCase() !== 'bearer ') return null;
  return header.slice(7).trim() || null;
}

/** Answer with an OAuth error body (RFC 6749 §5.2), adding the Basic challenge on `invalid_client`. */
export function oauthError(ctx: Context, status: number, error: string): void {
  ctx.status = status;
  if (status === 401) ctx.set('WWW-Authenticate', 'Basic realm="bench"');
  ctx.body = { error };
}

/** Set the RFC 6749 §5.1 no-store headers of a token response. */
export function noStore(ctx: Context): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Pragma', 'no-cache');
}

/** Return the pool size every bench server uses, so that no target gets more database connections than another. */
export function poolSize(): number {
  const size = Number(process.env.BENCH_POOL_SIZE ?? '10');
  return Number.isInteger(size) && size > 0 ? size : 10;
}

/** Listen on `HOST`/`PORT` from the environment and log one line when ready. */
export function listenFromEnv(server: { listen(port: number, host: string, cb: () => void): unknown }, name: string) {
  const host = process.env.HOST ?? '127.0.0.1';
  const port = Number(process.env.PORT ?? '0');
  server.listen(port, host, () => console.log(`${name} listening on ${host}:${port}`));
}
