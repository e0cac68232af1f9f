import createDebug from 'debug';
import type { Context } from 'koa';

import { writeResponse } from '../backend.js';
import { databaseUnavailableError } from '../database-unavailable.js';
import { errorFields, jsonResponse, retryAfterHeader } from '../oauth2/index.js';
import { setResponseSecurityHeaders } from '../page-headers.js';

const debug = createDebug('koa-oauth-toolkit:unavailable');

/**
 * Remove what a failed request had written so far (headers, status, body), as Koa does before its own error
 * answer, so that nothing half-written goes out with the error; the headers of every answer are set again.
 */
export function clearResponse(ctx: Context): void {
  for (const name of ctx.res.getHeaderNames()) ctx.res.removeHeader(name);
  ctx.body = null;
  setResponseSecurityHeaders(ctx);
}

/**
 * Answer a request the database could not serve (see `isConnectionFailure`): 503 `temporarily_unavailable` JSON
 * with `Retry-After` (RFC 6749 §5.2, RFC 9110 §10.2.3) in place of anything written so far; the driver's error is
 * not shown.
 *
 * @example
 * try { await next(); } catch (error) { if (isConnectionFailure(error)) writeDatabaseUnavailable(ctx, error); else throw error; }
 */
export function writeDatabaseUnavailable(ctx: Context, cause: unknown): void {
  debug('database unavailable (%s): 503 for %s %s', failureCode(cause), ctx.method, ctx.path);
  const error = databaseUnavailableError(cause);
  clearResponse(ctx);
  writeResponse(ctx, jsonResponse(error.status, errorFields(error), retryAfterHeader(error)));
}

/** The driver's code of a failure (ECONNREFUSED, 57P01, ...), for the debug log: never its message, which may hold SQL. */
export function failureCode(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'no code';
}
