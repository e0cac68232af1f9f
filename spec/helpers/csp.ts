/** Checking the Content-Security-Policy of the toolkit's pages (and the example app's, which share its base page). */
import { expect } from 'chai';

// Only the page's own inline style, by a nonce of 16 random bytes; same-origin images (the favicon); nothing else
// loads, no <base>, no framing. No form-action: Chromium applies it to the redirect back to the client too.
const PAGE_CSP =
  /^default-src 'none'; style-src 'nonce-([A-Za-z0-9+/]{22}==)'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'$/;

/** A response as supertest gives it: the headers and the text. */
interface PageResponse {
  headers: Record<string, unknown>;
  text: string;
}

/**
 * Assert the page's CSP and that each of its `<style>` elements carries the CSP's nonce; return the nonce.
 */
export function expectPageCsp(res: PageResponse): string {
  const csp = String(res.headers['content-security-policy']);
  const match = PAGE_CSP.exec(csp);
  expect(match, `Content-Security-Policy: ${csp}`).not.to.equal(null);
  const nonce = match![1]!;
  for (const style of res.text.matchAll(/<style\b[^>]*>/g)) expect(style[0]).to.equal(`<style nonce="${nonce}">`);
  expect(res.headers['x-content-type-options']).to.equal('nosniff');
  return nonce;
}
