import type { Context } from 'koa';

import { ImproperlyConfigured } from '../../errors.js';
import { deriveKey, seal, unseal } from '../../secrets/seal.js';

/** How long a new secret waits for its page: the redirect that follows the POST, nothing more. */
export const NEW_SECRET_MAX_AGE_SECONDS = 120;
const PURPOSE = 'management-new-client-secret v1';

/** `__Host-` over HTTPS, so that a sibling subdomain cannot plant one (as the CSRF cookie). */
function cookieName(ctx: Context): string {
  return ctx.secure ? '__Host-oauth2_new_secret' : 'oauth2_new_secret';
}

let cached: { secret: string; key: Buffer } | null = null;

/** The key, derived from the app's first cookie key (`app.keys`, which the CSRF protection needs already). */
function cookieKey(ctx: Context): Buffer {
  const keys = ctx.app.keys as unknown;
  const first: unknown = Array.isArray(keys) ? keys[0] : undefined;
  if (typeof first !== 'string' || first === '') {
    throw new ImproperlyConfigured(
      "The application pages need 'app.keys' on the Koa application to carry a new client secret to its page",
    );
  }
  if (cached?.secret !== first) cached = { secret: first, key: deriveKey(first, PURPOSE) };
  return cached.key;
}

const cookieOptions = (ctx: Context) =>
  ({ httpOnly: true, sameSite: 'strict', secure: ctx.secure, path: '/', overwrite: true, signed: false }) as const;

/**
 * Carry a newly generated secret across the redirect to the application's page: AES-256-GCM under a key derived
 * from `app.keys`, bound to the application, in an HttpOnly cookie that lives two minutes. The secret is stored
 * in clear nowhere.
 */
export function stashNewSecret(ctx: Context, applicationId: string, secret: string): void {
  const expires = Date.now() + NEW_SECRET_MAX_AGE_SECONDS * 1000;
  const sealed = seal(cookieKey(ctx), JSON.stringify({ secret, expires }), `${PURPOSE}:${applicationId}`);
  ctx.cookies.set(cookieName(ctx), sealed, { ...cookieOptions(ctx), maxAge: NEW_SECRET_MAX_AGE_SECONDS * 1000 });
}

/**
 * Return the secret waiting for this application's page, once: the cookie is cleared whenever it is present, so a
 * reload, another application's page or a late visit shows nothing.
 */
export function takeNewSecret(ctx: Context, applicationId: string): string | null {
  const sealed = ctx.cookies.get(cookieName(ctx));
  if (sealed === undefined) return null;
  ctx.cookies.set(cookieName(ctx), '', { ...cookieOptions(ctx), expires: new Date(0) });
  const text = unseal(cookieKey(ctx), sealed, `${PURPOSE}:${applicationId}`);
  if (text === null) return null;
  const { secret, expires } = JSON.parse(text) as { secret?: unknown; expires?: unknown };
  return typeof secret === 'string' && typeof expires === 'number' && expires > Date.now() ? secret : null;
}
