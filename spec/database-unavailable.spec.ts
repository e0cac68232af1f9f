import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { expect } from 'chai';

import { databaseUnavailableError, isConnectionFailure } from '../lib/database-unavailable.js';

/** An error as a driver makes it: a message and the fields it sets. */
function driverError(message: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), fields);
}

describe('isConnectionFailure (lib/database-unavailable.ts)', () => {
  const outages: [string, unknown][] = [
    ["MikroORM's ConnectionException", new ConnectionException(new Error('down'))],
    ['a refused connection', driverError('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })],
    ['a reset connection', driverError('read ECONNRESET', { code: 'ECONNRESET' })],
    ['an administrator shutdown (57P01)', driverError('terminating connection', { code: '57P01' })],
    ['a server starting up (57P03)', driverError('the database system is starting up', { code: '57P03' })],
    ['a connection exception (08006)', driverError('connection failure', { code: '08006' })],
    ['too many connections (53300)', driverError('sorry, too many clients already', { code: '53300' })],
    ['a socket ended under a query', driverError('select 1 - Connection terminated unexpectedly')],
    [
      "knex's pool timeout",
      Object.assign(driverError('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' }),
    ],
    ['a refusal inside an AggregateError', new AggregateError([driverError('x', { code: 'ECONNREFUSED' })], 'failed')],
    ['a refusal as the cause', new Error('query failed', { cause: driverError('x', { code: 'ECONNREFUSED' }) })],
  ];
  for (const [what, error] of outages) {
    it(`recognises ${what}`, () => expect(isConnectionFailure(error)).to.equal(true));
  }

  const notOutages: [string, unknown][] = [
    ['a unique violation', new UniqueConstraintViolationException(driverError('duplicate key', { code: '23505' }))],
    ['a syntax error', driverError('syntax error at or near "x"', { code: '42601' })],
    ['a serialization failure', driverError('could not serialize access', { code: '40001' })],
    ['a plain error', new Error('something else')],
    ['no error at all', null],
  ];
  for (const [what, error] of notOutages) {
    it(`leaves ${what} alone`, () => expect(isConnectionFailure(error)).to.equal(false));
  }

  it('answers with temporarily_unavailable, 503 and Retry-After, keeping the driver error as the cause only', () => {
    const cause = driverError('connect ECONNREFUSED 10.0.0.5:5432', { code: 'ECONNREFUSED' });
    const error = databaseUnavailableError(cause);
    expect(error).to.include({ error: 'temporarily_unavailable', status: 503 });
    expect(error.retryAfter).to.be.greaterThan(0);
    expect(error.cause).to.equal(cause);
    expect(error.description).not.to.include('10.0.0.5');
  });
});
