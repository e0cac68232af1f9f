/** Checking the answer to a database outage: 503 with Retry-After, and nothing about the database. */
import { expect } from 'chai';
import type request from 'supertest';

/**
 * Assert a 503 that says when to try again, is not cached, and shows neither the driver's error, nor SQL, nor a
 * stack trace: `temporarily_unavailable` JSON, or the error page (never a redirect).
 */
export function expectUnavailable(res: request.Response, kind: 'json' | 'html'): void {
  expect(res.status, res.text.slice(0, 300)).to.equal(503);
  expect(Number(res.headers['retry-after'])).to.be.greaterThan(0);
  expect(res.headers['cache-control']).to.equal('no-store');
  expect(res.text).not.to.match(/ECONNREFUSED|select|insert|127\.0\.0\.1:1|\bat \w|Error:\s*connect/i);
  if (kind === 'json') {
    expect(res.type).to.equal('application/json');
    expect(res.body.error).to.equal('temporarily_unavailable');
  } else {
    expect(res.type).to.equal('text/html');
    expect(res.text).to.include('Error: temporarily_unavailable');
    expect(res.headers['location']).to.equal(undefined);
  }
}
