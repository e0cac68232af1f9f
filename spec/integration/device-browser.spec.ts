/**
 * A real browser through the device grant's pages (RFC 8628 §3.3): headless Debian Chromium driven by playwright-core
 * opens the `verification_uri_complete` the device shows, logs in to the example app, finds the code filled in and
 * submits it, sees the confirm page with the application's name and the same code, accepts, and reads "Device
 * Authorized"; the device's next poll gets the tokens. No page breaks its Content-Security-Policy. Second tier
 * (ARCHITECTURE.md, Tests): a listening server, committed data.
 */
import { expect } from 'chai';
import type { BrowserContext } from 'playwright-core';

import { DEMO_DEVICE_CLIENT_ID } from '../../example-app/demo.js';
import { DEVICE_CODE_GRANT_TYPE } from '../../lib/oauth2/device/records.js';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.js';
import { startExampleProvider } from '../views/oidc/example-provider.js';
import type { Provider } from '../views/oidc/provider.js';

async function postForm(
  url: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('device grant pages in a real browser (Chromium)', function () {
  this.timeout(60000);
  let provider: Provider;
  let browser: { context: BrowserContext; close(): Promise<void> } | undefined;

  before(async function () {
    // Reported as pending with the reason, never silently dropped; CI installs Debian's chromium (.ci/run).
    if (!chromiumAvailable()) this.skip();
    provider = await startExampleProvider();
    browser = await launchChromium();
  });
  beforeEach(() => provider?.configure());
  after(async () => {
    await browser?.close();
    await provider?.close();
  });

  it('verification_uri_complete → login → code filled in → confirm → Device Authorized; the device gets tokens', async () => {
    const started = await postForm(`${provider.issuer}/device-authorization/`, {
      client_id: DEMO_DEVICE_CLIENT_ID,
      scope: 'read',
    });
    expect(started.status).to.equal(200);
    const userCode = String(started.body.user_code);
    const page = await browser!.context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });

    await page.goto(String(started.body.verification_uri_complete));
    expect(new URL(page.url()).pathname).to.equal('/accounts/login/');
    await page.fill('input[name="username"]', provider.credentials.username);
    await page.fill('input[name="password"]', provider.credentials.password);
    await Promise.all([page.waitForURL(/\/o\/device\//), page.click('button[type="submit"]')]);

    // The code is filled in, never submitted for the user (RFC 8628 §5.4): the page waits for "Verify".
    expect(await page.inputValue('input[name="user_code"]')).to.equal(userCode);
    await Promise.all([page.waitForURL(/\/o\/device-confirm\//), page.click('input[type="submit"]')]);
    expect(await page.textContent('h3')).to.equal('Demo device requests access to the following scopes:');
    expect(await page.textContent('#device-user-code')).to.equal(userCode);

    await Promise.all([page.waitForURL(/\/o\/device-grant-status\//), page.click('button[value="accept"]')]);
    expect(await page.textContent('#device-grant-status')).to.equal('Device Authorized');
    expect(violations, 'CSP violations').to.deep.equal([]);
    await page.close();

    const polled = await postForm(`${provider.issuer}/token/`, {
      grant_type: DEVICE_CODE_GRANT_TYPE,
      client_id: DEMO_DEVICE_CLIENT_ID,
      device_code: String(started.body.device_code),
    });
    expect(polled.status, JSON.stringify(polled.body)).to.equal(200);
    expect(polled.body).to.include({ token_type: 'Bearer', scope: 'read' });
  });

  it('a code typed in lower case without its dash is accepted too', async () => {
    const started = await postForm(`${provider.issuer}/device-authorization/`, { client_id: DEMO_DEVICE_CLIENT_ID });
    const page = await browser!.context.newPage();
    // Logged in by the first test's session cookie, in the same browser profile.
    await page.goto(String(started.body.verification_uri));
    expect(new URL(page.url()).pathname).to.equal('/o/device/');
    await page.fill('input[name="user_code"]', String(started.body.user_code).replace('-', '').toLowerCase());
    await Promise.all([page.waitForURL(/\/o\/device-confirm\//), page.click('input[type="submit"]')]);
    await Promise.all([page.waitForURL(/\/o\/device-grant-status\//), page.click('button[value="deny"]')]);
    expect(await page.textContent('#device-grant-status')).to.equal('Device Denied');
    await page.close();
  });
});
