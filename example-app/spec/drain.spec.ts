import { expect } from 'chai';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { drainable } from '../drain.js';

const req = {} as IncomingMessage;
const res = {} as ServerResponse;

describe('example app: shutdown waits for requests still being handled', () => {
  it('drain() resolves only once every handler has finished', async () => {
    let finish!: () => void;
    const handler = drainable(() => new Promise<void>((resolve) => (finish = resolve)));
    handler.handle(req, res);
    expect(handler.inFlight).to.equal(1);
    let drained = false;
    const draining = handler.drain(5_000).then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(drained).to.equal(false);
    finish();
    await draining;
    expect(drained).to.equal(true);
    expect(handler.inFlight).to.equal(0);
  });

  it('drain() gives up after its timeout on a handler that never finishes', async () => {
    const handler = drainable(() => new Promise<void>(() => undefined));
    handler.handle(req, res);
    const started = Date.now();
    await handler.drain(50);
    expect(Date.now() - started).to.be.at.least(45);
    expect(handler.inFlight).to.equal(1);
  });

  it('forgets a handler that failed', async () => {
    const handler = drainable(() => Promise.reject(new Error('boom')));
    handler.handle(req, res);
    await handler.drain(1_000);
    expect(handler.inFlight).to.equal(0);
  });
});
