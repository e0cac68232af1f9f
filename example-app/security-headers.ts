import type { Middleware } from 'koa';
import { RESPONSE_SECURITY_HEADERS } from '../lib/index.js';

/**
 * Send `X-Content-Type-Options: nosniff` with every answer of the app: set before the rest runs, and carried on a
 * thrown error's `headers`, which Koa's error answer keeps when it clears the others.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set({ ...RESPONSE_SECURITY_HEADERS });
    try {
      await next();
    } catch (error) {
      if (typeof error === 'object' && error !== null) {
        const thrown = error as { headers?: Record<string, string> };
        thrown.headers = { ...thrown.headers, ...RESPONSE_SECURITY_HEADERS };
      }
      throw error;
    }
  };
}
