/** Shared pieces of the RP-initiated logout specs: the RP's post-logout URI, the setting, and the confirm round trip. */
import type Koa from 'koa';
import request from 'supertest';

import { hiddenInputs } from '../../helpers/html.js';

/** The post-logout redirect URI the relying party registers. */
export const AFTER = 'https://rp.example/logged-out';
/** The setting that turns RP-initiated logout on. */
export const LOGOUT = { oidcRpInitiatedLogoutEnabled: true };

/** Return the logout endpoint's path with `params` as its query. */
export function logoutPath(params: Record<string, string>): string {
  return `/o/logout/?${new URLSearchParams(params).toString()}`;
}

/** GET the logout page for `params` in a browser (cookies kept), then press Logout on it; return both answers. */
export async function confirmLogout(
  app: Koa,
  params: Record<string, string>,
): Promise<{ page: request.Response; res: request.Response }> {
  const browser = request.agent(app.callback());
  const page = await browser.get(logoutPath(params));
  const res = await browser
    .post('/o/logout/')
    .type('form')
    .send({ ...hiddenInputs(page.text), allow: 'Logout' });
  return { page, res };
}
