import { expect } from 'chai';
import Koa from 'koa';
import request from 'supertest';

import { pageNonce, setPageSecurityHeaders } from '../lib/page-headers.js';
import { expectPageCsp } from './helpers/csp.js';

describe('setPageSecurityHeaders', () => {
  it('sets no-store, no-referrer, nosniff and both anti-framing headers (RFC 9700 §4.16)', async () => {
    const app = new Koa();
    app.use((ctx) => {
      setPageSecurityHeaders(ctx);
      ctx.body = '<p>page</p>';
    });
    const res = await request(app.callback()).get('/').expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.include("frame-ancestors 'none'");
  });

  it("allows only the page's own nonce-tagged style and same-origin images, never form-action", async () => {
    const app = new Koa();
    app.use((ctx) => {
      setPageSecurityHeaders(ctx);
      ctx.body = `<style nonce="${pageNonce(ctx)}">p { color: red }</style><p>page</p>`;
    });
    const res = await request(app.callback()).get('/').expect(200);
    expectPageCsp(res);
    expect(res.headers['content-security-policy']).not.to.include('form-action');
  });

  it('uses a fresh nonce for every response, the same one for every call within it', async () => {
    const app = new Koa();
    app.use((ctx) => {
      const first = pageNonce(ctx);
      setPageSecurityHeaders(ctx);
      ctx.body = { same: first === pageNonce(ctx) };
    });
    const one = await request(app.callback()).get('/').expect(200);
    const two = await request(app.callback()).get('/').expect(200);
    expect(one.body.same).to.equal(true);
    const nonceOf = (res: request.Response) =>
      /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];
    expect(nonceOf(one)).to.be.a('string');
    expect(nonceOf(one)).not.to.equal(nonceOf(two));
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
