import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import type { Context } from 'koa';
import request from 'supertest';

import {
  CSRF_FIELD_NAME,
  csrfToken,
  requireCsrf,
  rotateCsrfToken,
  setCsrfProtection,
  verifyCsrf,
} from '../lib/csrf.js';
import { ImproperlyConfigured } from '../lib/errors.js';

async function readForm(ctx: Context): Promise<URLSearchParams> {
  let text = '';
  for await (const chunk of ctx.req) text += String(chunk);
  return new URLSearchParams(text);
}

/** An app with a form page (GET /form) and its target (POST /submit), as a consent page would have. */
function buildApp({ keys = ['test-key-1'] }: { keys?: string[] | null } = {}): { app: Koa; errors: Error[] } {
  const app = new Koa();
  if (keys) app.keys = keys;
  app.proxy = true;
  const errors: Error[] = [];
  app.silent = true;
  app.on('error', (err: Error) => errors.push(err));
  const router = new Router();
  router.get('/form', (ctx) => {
    ctx.body = { token: csrfToken(ctx) };
  });
  router.get('/two-forms', (ctx) => {
    ctx.body = { tokens: [csrfToken(ctx), csrfToken(ctx)] };
  });
  router.post('/submit', async (ctx) => {
    const form = await readForm(ctx);
    if (!requireCsrf(ctx, form.get(CSRF_FIELD_NAME) ?? undefined)) return;
    ctx.body = 'accepted';
  });
  router.post('/login', (ctx) => {
    // A login that had served a form earlier in the request, then rotates and serves the next page's form.
    csrfToken(ctx);
    rotateCsrfToken(ctx);
    ctx.body = { token: csrfToken(ctx) };
  });
  router.post('/check', async (ctx) => {
    ctx.body = { valid: verifyCsrf(ctx, (await readForm(ctx)).get(CSRF_FIELD_NAME) ?? undefined) };
  });
  app.use(router.routes());
  return { app, errors };
}

function setCookies(res: request.Response): string[] {
  const header = res.headers['set-cookie'] as unknown;
  return Array.isArray(header) ? (header as string[]) : [];
}

/** The request `Cookie` header a browser would send back for these `Set-Cookie` lines. */
function cookieHeader(res: request.Response): string {
  return setCookies(res)
    .map((line) => line.split(';')[0])
    .join('; ');
}

async function fetchForm(app: Koa): Promise<{ token: string; cookie: string }> {
  const res = await request(app.callback()).get('/form').expect(200);
  return { token: res.body.token as string, cookie: cookieHeader(res) };
}

function submit(app: Koa, cookie: string | undefined, token: string | undefined) {
  const req = request(app.callback()).post('/submit').type('form');
  if (cookie) req.set('Cookie', cookie);
  return req.send(token === undefined ? {} : { [CSRF_FIELD_NAME]: token });
}

describe('CSRF protection (signed double-submit cookie)', () => {
  afterEach(() => setCsrfProtection(undefined));

  it('accepts the token of the form with the cookie set alongside it', async () => {
    const { app } = buildApp();
    const { token, cookie } = await fetchForm(app);
    const res = await submit(app, cookie, token).expect(200);
    expect(res.text).to.equal('accepted');
  });

  it('sets a signed, httpOnly, SameSite=Lax cookie for the whole site', async () => {
    const { app } = buildApp();
    const res = await request(app.callback()).get('/form').expect(200);
    const [value, signature] = setCookies(res);
    expect(value).to.match(/^csrftoken=[A-Za-z0-9_-]{43}; path=\/; samesite=lax; httponly$/);
    expect(signature).to.match(/^csrftoken\.sig=/);
  });

  it('uses a Secure __Host- cookie over HTTPS', async () => {
    const { app } = buildApp();
    const res = await request(app.callback()).get('/form').set('X-Forwarded-Proto', 'https').expect(200);
    expect(setCookies(res)[0]).to.match(/^__Host-csrftoken=[^;]+; path=\/; samesite=lax; secure; httponly$/);
  });

  it('reuses the secret of a valid cookie, with a fresh mask on each page', async () => {
    const { app } = buildApp();
    const first = await fetchForm(app);
    const again = await request(app.callback()).get('/form').set('Cookie', first.cookie).expect(200);
    expect(setCookies(again)).to.deep.equal([]);
    expect(again.body.token).to.not.equal(first.token);
    await submit(app, first.cookie, again.body.token as string).expect(200);
  });

  it('gives two forms of one page tokens of the same cookie', async () => {
    const { app } = buildApp();
    const res = await request(app.callback()).get('/two-forms').expect(200);
    expect(setCookies(res)).to.have.length(2); // the value and its signature, once
    for (const token of res.body.tokens as string[]) await submit(app, cookieHeader(res), token).expect(200);
  });

  it('answers 403 with a short page when the token is missing', async () => {
    const { app } = buildApp();
    const { cookie } = await fetchForm(app);
    const res = await submit(app, cookie, undefined).expect(403);
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(res.text).to.contain('CSRF verification failed');
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expect(res.headers['cache-control']).to.equal('no-store');
  });

  it('refuses a forged token', async () => {
    const { app } = buildApp();
    const { token, cookie } = await fetchForm(app);
    const forged = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    await submit(app, cookie, forged).expect(403);
    await submit(app, cookie, 'x'.repeat(86)).expect(403);
    await submit(app, cookie, '').expect(403);
  });

  it('refuses the token of another browser’s cookie', async () => {
    const { app } = buildApp();
    const mine = await fetchForm(app);
    const theirs = await fetchForm(app);
    await submit(app, mine.cookie, theirs.token).expect(403);
  });

  it('refuses the token when the cookie is missing', async () => {
    const { app } = buildApp();
    const { token } = await fetchForm(app);
    await submit(app, undefined, token).expect(403);
  });

  it('refuses a cookie whose signature does not match (a planted cookie)', async () => {
    const { app } = buildApp();
    const { token, cookie } = await fetchForm(app);
    const signature = cookie.split('; ')[1] ?? '';
    // The attacker plants their own value with a signature made under another key.
    const { app: other } = buildApp({ keys: ['attacker-key'] });
    const planted = await fetchForm(other);
    await submit(app, planted.cookie, planted.token).expect(403);
    await submit(app, `${planted.cookie.split('; ')[0]}; ${signature}`, token).expect(403);
  });

  it('accepts a cookie signed with an older key still in app.keys (key rotation)', async () => {
    const { app: before } = buildApp({ keys: ['old-key'] });
    const { token, cookie } = await fetchForm(before);
    const { app: after } = buildApp({ keys: ['new-key', 'old-key'] });
    await submit(after, cookie, token).expect(200);
  });

  it('throws ImproperlyConfigured naming app.keys when the app has no keys', async () => {
    const { app, errors } = buildApp({ keys: null });
    const res = await request(app.callback()).get('/form').expect(500);
    expect(res.text).to.equal('Internal Server Error');
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(ImproperlyConfigured);
    expect(errors[0]?.message).to.contain('app.keys');
  });

  it('lets an app plug in its own protection', async () => {
    const { app } = buildApp();
    setCsrfProtection({ token: () => 'static-token', verify: (_ctx, value) => value === 'static-token' });
    const res = await request(app.callback()).get('/form').expect(200);
    expect(res.body.token).to.equal('static-token');
    expect(setCookies(res)).to.deep.equal([]);
    await submit(app, undefined, 'static-token').expect(200);
    await submit(app, undefined, 'other').expect(403);
    const checked = await request(app.callback())
      .post('/check')
      .type('form')
      .send({ [CSRF_FIELD_NAME]: 'static-token' });
    expect(checked.body).to.deep.equal({ valid: true });
  });

  it('restores the default protection with setCsrfProtection(undefined)', async () => {
    const { app } = buildApp();
    setCsrfProtection({ token: () => 'static-token', verify: () => true });
    setCsrfProtection(undefined);
    await submit(app, undefined, 'static-token').expect(403);
  });

  it('rotateCsrfToken gives a new signed secret, so that a token served before it no longer passes', async () => {
    const { app } = buildApp();
    const before = await fetchForm(app);
    const rotated = await request(app.callback()).post('/login').set('Cookie', before.cookie).expect(200);
    const lines = setCookies(rotated);
    expect(lines).to.have.length(2); // one value and its signature, even though a token was issued first
    expect(lines[0]).to.match(/^csrftoken=[A-Za-z0-9_-]{43}; path=\/; samesite=lax; httponly$/);
    expect(lines[1]).to.match(/^csrftoken\.sig=/);
    const after = cookieHeader(rotated);
    expect(after).to.not.equal(before.cookie);
    await submit(app, after, before.token).expect(403);
    await submit(app, after, rotated.body.token as string).expect(200);
  });

  it('rotateCsrfToken asks a plugged-in protection to rotate, and leaves one without rotate() alone', async () => {
    const { app } = buildApp();
    let rotations = 0;
    setCsrfProtection({ token: () => 'static-token', verify: () => true, rotate: () => void rotations++ });
    await request(app.callback()).post('/login').expect(200);
    expect(rotations).to.equal(1);
    setCsrfProtection({ token: () => 'static-token', verify: () => true });
    const res = await request(app.callback()).post('/login').expect(200);
    expect(res.body.token).to.equal('static-token');
    expect(setCookies(res)).to.deep.equal([]);
  });
});
