import type { Context } from 'koa';

/** The headers every HTML page of the toolkit carries: no caching, no referrer, no framing (RFC 9700 §4.16, §4.2.4). */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  // A consent or logout page holds a CSRF token and the request's parameters: never keep it in a shared cache.
  'Cache-Control': 'no-store',
  // Authorization pages carry codes and state in their URLs; don't leak them to linked sites (RFC 9700 §4.2.4).
  'Referrer-Policy': 'no-referrer',
  // Clickjacking on the consent page (RFC 9700 §4.16): the legacy header for old browsers, CSP for the rest.
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "frame-ancestors 'none'",
});

/**
 * Set the page security headers on an HTML response (RFC 9700 §4.16).
 *
 * @example
 * ```ts
 * setPageSecurityHeaders(ctx);
 * ctx.type = 'html';
 * ctx.body = page;
 * ```
 */
export function setPageSecurityHeaders(ctx: Context): void {
  ctx.set({ ...PAGE_SECURITY_HEADERS });
}
