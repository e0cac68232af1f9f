import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { setPageSecurityHeaders } from '../lib/page-headers.js';

describe('setPageSecurityHeaders', () => {
  it('sets no-store, no-referrer and both anti-framing headers (RFC 9700 §4.16)', async () => {
    const app = new Koa();
    app.use((ctx) => {
      setPageSecurityHeaders(ctx);
      ctx.body = '<p>page</p>';
    });
    const res = await request(app.callback()).get('/').expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expect(res.headers['content-security-policy']).to.equal("frame-ancestors 'none'");
  });

  it('replaces a weaker value set earlier by the app', async () => {
    const app = new Koa();
    app.use((ctx) => {
      ctx.set('Cache-Control', 'public, max-age=600');
      setPageSecurityHeaders(ctx);
      ctx.body = 'page';
    });
    const res = await request(app.callback()).get('/').expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
  });
});
