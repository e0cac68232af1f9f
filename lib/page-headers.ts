import { randomBytes } from 'node:crypto';

import type { Context } from 'koa';

import { requestState } from './request-state.js';

/** The header every answer of the toolkit carries: browsers must not guess a type other than the one sent. */
export const RESPONSE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
});

/**
 * The fixed headers every HTML page of the toolkit carries: no caching, no referrer, no framing (RFC 9700 §4.16,
 * §4.2.4); `setPageSecurityHeaders()` adds the per-response Content-Security-Policy.
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...RESPONSE_SECURITY_HEADERS,
  // A consent or logout page holds a CSRF token and the request's parameters: never keep it in a shared cache.
  'Cache-Control': 'no-store',
  // Authorization pages carry codes and state in their URLs; don't leak them to linked sites (RFC 9700 §4.2.4).
  'Referrer-Policy': 'no-referrer',
  // Clickjacking on the consent page (RFC 9700 §4.16): the legacy header for old browsers, CSP for the rest.
  'X-Frame-Options': 'DENY',
});

/**
 * Return the response's CSP nonce (16 random bytes, base64), made on first use and the same for the rest of the
 * response: the templates get it as `csp_nonce` for their inline `<style nonce="...">`.
 */
export function pageNonce(ctx: Context): string {
  const state = requestState(ctx);
  state.cspNonce ??= randomBytes(16).toString('base64');
  return state.cspNonce;
}

/**
 * Return the pages' Content-Security-Policy: nothing loads but the page's own inline style carrying `nonce` and
 * same-origin images (the favicon); no `<base>`, no framing. No `form-action`: Chromium applies it to the redirects
 * that follow a form's submission, and the consent form's 303 goes to the client's redirect URI.
 */
export function pageContentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'`;
}

/** Set the headers of every answer (`RESPONSE_SECURITY_HEADERS`). */
export function setResponseSecurityHeaders(ctx: Context): void {
  ctx.set({ ...RESPONSE_SECURITY_HEADERS });
}

/**
 * Set the page security headers on an HTML response (RFC 9700 §4.16), with the CSP of `pageNonce(ctx)`.
 *
 * @example
 * ```ts
 * setPageSecurityHeaders(ctx);
 * ctx.type = 'html';
 * ctx.body = `<style nonce="${pageNonce(ctx)}">...</style>...`;
 * ```
 */
export function setPageSecurityHeaders(ctx: Context): void {
  ctx.set({ ...PAGE_SECURITY_HEADERS, 'Content-Security-Policy': pageContentSecurityPolicy(pageNonce(ctx)) });
}
