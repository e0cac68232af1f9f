/**
 * A minimal user agent over `fetch` for the end-to-end specs: a cookie jar, manual redirects, and the two forms a
 * user fills in (the login page and the consent page), read from the HTML as a browser would submit them.
 */
import { expect } from 'chai';
import { hiddenInputs, unescapeHtml } from '../../helpers/html.js';

/** A user agent with cookies; every request is sent with `redirect: 'manual'`. */
export class UserAgent {
  readonly cookies = new Map<string, string>();

  /** Send a request with the jar's cookies and keep the ones the answer sets. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** GET and return the answer. */
  get(url: string | URL): Promise<Response> {
    return this.fetch(url);
  }

  /** Submit a form (urlencoded) and return the answer. */
  post(url: string | URL, fields: Record<string, string>): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

/** Return the absolute Location of a redirect, asserting the status. */
export function location(res: Response, base: string | URL, statuses = [302, 303]): URL {
  expect(statuses, `status ${res.status}`).to.include(res.status);
  return new URL(res.headers.get('location') ?? '', base);
}

/** Return the `action` of the first form of a page, resolved against `base`. */
export function formAction(html: string, base: string | URL): URL {
  const action = /<form[^>]* action="([^"]*)"/.exec(html)?.[1] ?? '';
  return new URL(unescapeHtml(action), base);
}

/**
 * Follow an authorization request as a user would: to the login page, log in with `username` and `password`, back
 * to the authorization endpoint, approve on the consent page (when one is shown), and return the final redirect to
 * the client.
 */
export async function loginAndConsent(
  agent: UserAgent,
  authorizationUrl: URL,
  credentials: { username: string; password: string },
): Promise<URL> {
  let target = location(await agent.get(authorizationUrl), authorizationUrl, [302]);
  expect(target.pathname).to.equal('/accounts/login/');
  const loginPage = await agent.get(target);
  expect(loginPage.status).to.equal(200);
  const loginHtml = await loginPage.text();
  const loggedIn = await agent.post(formAction(loginHtml, target), { ...hiddenInputs(loginHtml), ...credentials });
  target = location(loggedIn, target);
  expect(target.pathname).to.equal(authorizationUrl.pathname);
  const consent = await agent.get(target);
  if (consent.status !== 200) return location(consent, target, [302]);
  const consentHtml = await consent.text();
  expect(consentHtml).to.include('name="allow"');
  const approved = await agent.post(formAction(consentHtml, target), {
    ...hiddenInputs(consentHtml),
    allow: 'Authorize',
  });
  return location(approved, target, [303]);
}
