import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

import createDebug from 'debug';
import type { Context } from 'koa';

import { readFormBody } from './backend/form-body.js';
import { ImproperlyConfigured } from './errors.js';
import { OAuth2Error } from './oauth2/index.js';
import { setPageSecurityHeaders } from './page-headers.js';
import { requestState } from './request-state.js';

const debug = createDebug('koa-oauth-toolkit:csrf');

/** The name of the hidden form input that carries the token (Django's). */
export const CSRF_FIELD_NAME = 'csrfmiddlewaretoken';

/** A CSRF protection: `token` for a form, `verify` for the submitted value. Plug one in with `setCsrfProtection()`. */
export interface CsrfProtection {
  /** Return the value of the hidden input `csrfmiddlewaretoken` for a form served in `ctx`. */
  token(ctx: Context): string;
  /** Return whether `submitted` is the right token for `ctx`; must compare in constant time. */
  verify(ctx: Context, submitted: string | undefined): boolean;
  /** Replace the token's secret, so that tokens served before no longer pass (called at login). */
  rotate?(ctx: Context): void;
}

const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The cookie holding the secret; `__Host-` over HTTPS so a sibling subdomain cannot plant its own (cookie tossing). */
function cookieName(ctx: Context): string {
  return ctx.secure ? '__Host-csrftoken' : 'csrftoken';
}

function requireKeys(ctx: Context): void {
  const keys = ctx.app.keys as unknown;
  if (!keys || (Array.isArray(keys) && keys.length === 0)) {
    throw new ImproperlyConfigured(
      "CSRF protection needs signed cookies: set 'app.keys' on the Koa application (app.keys = [secret, ...]) " +
        'or plug in another protection with setCsrfProtection()',
    );
  }
}

/** Read the secret from the signed cookie; `undefined` when absent, unsigned, forged or malformed. */
function readSecret(ctx: Context): string | undefined {
  const value = ctx.cookies.get(cookieName(ctx), { signed: true });
  return value !== undefined && SECRET_PATTERN.test(value) ? value : undefined;
}

/** XOR the secret with a fresh random mask per page, so that a compressed page does not leak it (BREACH, as Django). */
function mask(secret: Buffer): string {
  const pad = randomBytes(SECRET_BYTES);
  const masked = Buffer.alloc(SECRET_BYTES);
  for (let i = 0; i < SECRET_BYTES; i++) masked[i] = secret[i]! ^ pad[i]!;
  return Buffer.concat([pad, masked]).toString('base64url');
}

function unmask(token: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]{86}$/.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length !== 2 * SECRET_BYTES) return undefined;
  const secret = Buffer.alloc(SECRET_BYTES);
  for (let i = 0; i < SECRET_BYTES; i++) secret[i] = raw[i]! ^ raw[i + SECRET_BYTES]!;
  return secret;
}

/** Set a new random secret in the signed cookie and return it; a page of this request then uses it. */
function issueSecret(ctx: Context): string {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  // `overwrite` replaces a cookie set earlier in the same request instead of sending two.
  const options = {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    path: '/',
    overwrite: true,
  } as const;
  ctx.cookies.set(cookieName(ctx), secret, options);
  // A second form on the same page must carry the same secret, not set a second cookie.
  requestState(ctx).csrfSecret = secret;
  return secret;
}

/**
 * The default protection: a signed double-submit cookie, no session store. The cookie holds a random 32-byte secret
 * signed with `app.keys` (Koa's Keygrip); each form carries that secret under a fresh mask.
 */
export const signedCookieCsrf: CsrfProtection = {
  token(ctx) {
    requireKeys(ctx);
    const secret = requestState(ctx).csrfSecret ?? readSecret(ctx) ?? issueSecret(ctx);
    return mask(Buffer.from(secret, 'base64url'));
  },

  verify(ctx, submitted) {
    requireKeys(ctx);
    const secret = readSecret(ctx);
    const candidate = submitted === undefined ? undefined : unmask(submitted);
    if (secret === undefined || candidate === undefined) return false;
    // Equal-length digests, so timingSafeEqual never throws and the comparison time says nothing about the values.
    const digest = (value: Buffer): Buffer => createHash('sha256').update(value).digest();
    return timingSafeEqual(digest(Buffer.from(secret, 'base64url')), digest(candidate));
  },

  rotate(ctx) {
    requireKeys(ctx);
    issueSecret(ctx);
  },
};

let current: CsrfProtection = signedCookieCsrf;

/**
 * Replace the CSRF protection of the toolkit's forms (consent, logout) and of `csrfToken`/`verifyCsrf`;
 * `undefined` restores the default signed-cookie protection.
 *
 * @example
 * ```ts
 * setCsrfProtection({ token: (ctx) => ctx.state.csrf, verify: (ctx, value) => myCsrf.check(ctx, value) });
 * ```
 */
export function setCsrfProtection(protection: CsrfProtection | undefined): void {
  current = protection ?? signedCookieCsrf;
}

/** Return the CSRF token for a hidden input named `csrfmiddlewaretoken`, setting the cookie when needed. */
export function csrfToken(ctx: Context): string {
  return current.token(ctx);
}

/**
 * Replace the CSRF secret at login (Django's `rotate_token`), so that a token seen or planted before the login does
 * not pass after it. A plugged-in protection without `rotate` is left as it is.
 *
 * @example
 * ```ts
 * ctx.session = { userId: user.id };
 * rotateCsrfToken(ctx);
 * ```
 */
export function rotateCsrfToken(ctx: Context): void {
  current.rotate?.(ctx);
}

/** Return whether `submitted` is a valid CSRF token for this request (constant time). */
export function verifyCsrf(ctx: Context, submitted: string | undefined): boolean {
  return current.verify(ctx, submitted);
}

/**
 * Check the submitted CSRF token; on failure answer 403 and return `false`, so a handler stops in one line.
 *
 * @example
 * ```ts
 * async post() {
 *   const form = new URLSearchParams((await readFormBody(this.ctx)) ?? '');
 *   if (!requireCsrf(this.ctx, form.get(CSRF_FIELD_NAME) ?? undefined)) return;
 *   ...
 * }
 * ```
 */
export function requireCsrf(ctx: Context, submitted: string | undefined): boolean {
  if (verifyCsrf(ctx, submitted)) return true;
  debug('CSRF verification failed: %s %s', ctx.method, ctx.path);
  setPageSecurityHeaders(ctx);
  ctx.status = 403;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>403 Forbidden</title></head>' +
    '<body><h1>Forbidden</h1><p>CSRF verification failed. Request aborted.</p></body></html>';
  return false;
}

/**
 * Read a submitted form (`readFormBody`) and check its CSRF token: return its fields, or null once the answer is
 * written, either `requireCsrf`'s 403 or `onUnreadable`'s answer to a body that cannot be read (too large, not UTF-8).
 * The one copy of this step for the toolkit's forms (consent, logout).
 */
export async function readCsrfCheckedForm(
  ctx: Context,
  onUnreadable: (error: OAuth2Error) => Promise<void>,
): Promise<URLSearchParams | null> {
  let body: string | null;
  try {
    body = await readFormBody(ctx);
  } catch (error) {
    if (!(error instanceof OAuth2Error)) throw error;
    await onUnreadable(error);
    return null;
  }
  const form = new URLSearchParams(body ?? '');
  return requireCsrf(ctx, form.get(CSRF_FIELD_NAME) ?? undefined) ? form : null;
}
