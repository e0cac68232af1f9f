import { ConnectionException } from '@mikro-orm/core';

import { TemporarilyUnavailableError } from './oauth2/errors.js';

/** Seconds a client is told to wait (`Retry-After`) when the database cannot be reached. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Node's socket errors on the way to the server.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// SQLSTATE class 08 (connection exception), 57P01-57P03 (administrator or crash shutdown, cannot connect now) and
// 53300 (too many connections): https://www.postgresql.org/docs/current/errcodes-appendix.html
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

// What the drivers say without a code: pg when the socket ends under a query or a client is dead, knex's and
// pg-pool's timeouts waiting for a connection.
const MESSAGES =
  /connection terminated|connection ended unexpectedly|is not queryable|timeout acquiring a connection|timeout exceeded when trying to connect/i;

/**
 * Return whether `error` says the database could not be reached or dropped the connection (an outage, worth a 503
 * and a retry), as opposed to a statement the database refused: MikroORM's `ConnectionException`, socket errors,
 * PostgreSQL's connection SQLSTATEs, and the drivers' "connection terminated" and pool timeouts, also when wrapped
 * (`cause`, an `AggregateError`'s `errors`). The one place this is decided.
 *
 * @example
 * try { await em.find(Thing, {}); } catch (error) { if (isConnectionFailure(error)) ctx.status = 503; else throw error; }
 */
export function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (error instanceof ConnectionException) return true;
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, name, message, cause, errors } = error as Record<string, unknown>;
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isConnectionFailure(inner, depth + 1))) return true;
  return cause !== undefined && isConnectionFailure(cause, depth + 1);
}

/**
 * Return the `temporarily_unavailable` error (503, `Retry-After`) that answers a request the database could not
 * serve; the driver's error is kept as `cause` for logs and never serialized.
 */
export function databaseUnavailableError(cause: unknown): TemporarilyUnavailableError {
  return new TemporarilyUnavailableError('The service is temporarily unavailable; try again later.', {
    cause,
    retryAfter: DATABASE_RETRY_AFTER_SECONDS,
  });
}
