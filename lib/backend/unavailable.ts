import createDebug from 'debug';
import type { Context } from 'koa';

import { writeResponse } from '../backend.js';
import { databaseUnavailableError } from '../database-unavailable.js';
import { errorFields, jsonResponse, retryAfterHeader, type TemporarilyUnavailableError } from '../oauth2/index.js';
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
  const error = startUnavailableAnswer(ctx, cause);
  writeResponse(ctx, jsonResponse(error.status, errorFields(error), retryAfterHeader(error)));
}

/**
 * Begin the answer to a database outage, JSON or page: log it (the driver's code, never its message, which may
 * hold SQL), clear what the request had written, and return the `temporarily_unavailable` error to answer with.
 */
export function startUnavailableAnswer(ctx: Context, cause: unknown): TemporarilyUnavailableError {
  const code = (cause as { code?: unknown } | null)?.code;
  debug('database unavailable (%s): 503 for %s %s', typeof code === 'string' ? code : 'no code', ctx.method, ctx.path);
  clearResponse(ctx);
  return databaseUnavailableError(cause);
}
