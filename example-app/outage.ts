import type { Middleware } from 'koa';
import { isConnectionFailure, renderDatabaseUnavailablePage, writeDatabaseUnavailable } from '../lib/index.js';

/**
 * Answer a database outage met anywhere after it (the session's user lookup, a page, an API) with 503 and
 * `Retry-After`: the error page for a browser, `temporarily_unavailable` JSON for anything else; never a 500 with
 * the driver's error. Mounted first, so that it sees every other middleware's failures.
 */
export function databaseOutage(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!isConnectionFailure(error) || ctx.headerSent) throw error;
      if (ctx.accepts('json', 'html') === 'html') renderDatabaseUnavailablePage(ctx, error);
      else writeDatabaseUnavailable(ctx, error);
    }
  };
}
