/**
 * The management pages in a real browser (issue 14): headless Chromium logs in to `npm start`'s app, registers an
 * application, sees it listed, changes its redirect URIs, authorizes it through the consent page, sees the grant under
 * authorized tokens, revokes it — and the next `/api/hello` with that token answers 401 — then deletes the application.
 * Plain HTML forms only: no script runs. Reported pending, with the reason, where Chromium is not installed.
 */
import { rmSync } from 'node:fs';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { s256Challenge } from '../../lib/oauth2/index.js';
import { chromiumAvailable, launchChromium } from '../../spec/helpers/chromium.js';
import { configureToolkit } from '../app.js';
import { boot, type RunningApp } from '../boot.js';
import { tempDir } from './database.js';

const VERIFIER = 'management-browser-spec-verifier-0123456789-abcdefgh';

describe('example app: the management pages in Chromium', function () {
  this.timeout(90000);
  let dataDir: string;
  let running: RunningApp | undefined;
  let browser: { context: BrowserContext; close(): Promise<void> } | undefined;

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    dataDir = tempDir();
    running = await boot({ DATA_DIR: dataDir, PORT: '0' });
    // The pages are plain forms: turn scripts off, so that nothing here depends on one.
    browser = await launchChromium({ javaScriptEnabled: false });
  });

  // The run's root hook resets the toolkit settings after each test; boot() configured them once.
  beforeEach(() => {
    if (running) configureToolkit({ orm: running.database.orm, issuer: running.issuer });
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** Click a submit button or link and wait for the page it leads to. */
  async function follow(page: Page, selector: string, url: RegExp | ((url: URL) => boolean)): Promise<void> {
    await Promise.all([page.waitForURL(url), page.click(selector)]);
  }

  it('register, list, edit, authorize, see the grant, revoke it (401 after), delete', async () => {
    const { demo, url, issuer } = running!;
    const page = await browser!.context.newPage();
    const callback = `${url}callback`;

    // Log in from the home page, which links the pages.
    await page.goto(`${url}accounts/login/?next=/`);
    await page.fill('input[name="username"]', demo.username);
    await page.fill('input[name="password"]', demo.password!);
    await follow(page, 'button[type="submit"]', (target) => target.pathname === '/');
    await follow(page, 'text=Your applications', /\/o\/applications\/$/);

    // Register: the secret is shown once, on the application's page.
    await follow(page, 'text=New Application', /\/o\/applications\/register\/$/);
    await page.fill('#id_name', 'Browser client');
    await page.selectOption('#id_authorization_grant_type', 'authorization-code');
    await page.fill('#id_redirect_uris', 'https://client.invalid/cb');
    await follow(page, 'button[type="submit"]', /\/o\/applications\/\d+\/$/);
    const detail = page.url();
    const secret = await page.inputValue('#new_secret');
    const clientId = (await page.textContent('dd code'))!.trim();
    expect(secret).to.have.length.greaterThan(20);
    await page.reload();
    expect(await page.locator('#new_secret').count(), 'the secret is shown once').to.equal(0);

    // Listed.
    await page.goto(`${issuer}/applications/`);
    expect(await page.textContent('main')).to.include('Browser client');

    // Change its redirect URIs to the example's callback page.
    await page.goto(detail);
    await follow(page, 'text=Edit', /\/update\/$/);
    await page.fill('#id_redirect_uris', callback);
    await follow(page, 'button[type="submit"]', /\/o\/applications\/\d+\/$/);
    expect(await page.textContent('main')).to.include(callback);

    // Authorize it through the consent page, then exchange the code as the client would.
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: callback,
      scope: 'read',
      state: 'browser-state',
      code_challenge: s256Challenge(VERIFIER),
      code_challenge_method: 'S256',
    });
    await page.goto(`${issuer}/authorize/?${query.toString()}`);
    await follow(page, 'input[name="allow"]', /\/callback\?/);
    const code = new URL(page.url()).searchParams.get('code')!;
    const tokenResponse = await fetch(`${issuer}/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: callback,
        client_id: clientId,
        client_secret: secret,
        code_verifier: VERIFIER,
      }),
    });
    expect(tokenResponse.status).to.equal(200);
    const { access_token: accessToken } = (await tokenResponse.json()) as { access_token: string };
    const hello = () => fetch(`${url}api/hello`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await hello()).status).to.equal(200);

    // The grant is listed under authorized tokens; revoke it, and the next call is refused.
    await page.goto(url);
    await follow(page, 'text=Authorized applications', /\/o\/authorized_tokens\/$/);
    expect(await page.textContent('main')).to.include('Browser client');
    await follow(page, 'text=revoke', /\/o\/authorized_tokens\/\d+\/delete\/$/);
    await follow(page, 'button[type="submit"]', /\/o\/authorized_tokens\/$/);
    expect(await page.textContent('main')).to.include('There are no authorized tokens yet.');
    expect((await hello()).status).to.equal(401);

    // Delete the application.
    await page.goto(detail);
    await follow(page, 'text=Delete', /\/delete\/$/);
    await follow(page, 'button[type="submit"]', /\/o\/applications\/$/);
    expect(await page.textContent('main')).not.to.include('Browser client');
    expect((await page.goto(detail))?.status()).to.equal(404);
  });
});
