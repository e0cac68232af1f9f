/**
 * The set-up shared by the management page specs (spec/views/management/): the app under test with a fake login
 * read from a session object, a bearer-protected `/api/hello`, and reading a page's CSRF token as a browser would.
 */
import type { EntityManager } from '@mikro-orm/core';
import { expect } from 'chai';
import type Koa from 'koa';
import type request from 'supertest';
import { protectedResource } from '../../lib/middleware.js';
import { AUTHORIZE_SETTINGS, buildAuthorizeApp, type Session } from './authorize.js';
import { useTransaction } from './db.js';
import { createUser } from './factories.js';
import { hiddenInputs, unescapeHtml } from './html.js';
import type { User } from './user-entity.js';

export { basic } from './basic-auth.js';

/** The app under test: `oauth2Routes()` under /o (the pages among them) and `GET /api/hello` behind a bearer token. */
export function buildManagementApp(em: () => EntityManager, session: Session): Koa {
  return buildAuthorizeApp(em, session, (router) => {
    router.get('/api/hello', protectedResource(), (ctx) => {
      ctx.body = { hello: 'world' };
    });
  });
}

/** What `useManagementPages()` gives a spec: two users, the first logged in, and the app. */
export interface ManagementPages {
  readonly em: () => EntityManager;
  readonly session: Session;
  user: User;
  other: User;
  app: Koa;
}

/** The spec's transaction (with the authorize specs' settings), and before each test two users and the app. */
export function useManagementPages(): ManagementPages {
  const em = useTransaction({ settings: AUTHORIZE_SETTINGS });
  const pages = { em, session: { user: null } } as unknown as ManagementPages;
  beforeEach(async function () {
    pages.user = await createUser(em());
    pages.other = await createUser(em());
    pages.session.user = pages.user;
    pages.app = buildManagementApp(em, pages.session);
  });
  return pages;
}

/** An agent that keeps cookies (the CSRF and new-secret cookies), as a browser does. */
export type Agent = ReturnType<typeof request.agent>;

/** GET a page with `agent` and return its CSRF token (the page must be 200). */
export async function csrfFrom(agent: Agent, path: string): Promise<string> {
  const res = await agent.get(path);
  expect(res.status, res.text).to.equal(200);
  const token = hiddenInputs(res.text)['csrfmiddlewaretoken'];
  expect(token, 'the page has a CSRF token').to.be.a('string');
  return token!;
}

/** Return the value of the text input or textarea named `name` in a rendered form, unescaped. */
export function fieldValue(html: string, name: string): string | undefined {
  const input = new RegExp(`<input type="text" id="id_${name}" name="${name}" value="([^"]*)"`).exec(html);
  if (input) return unescapeHtml(input[1] ?? '');
  const area = new RegExp(`<textarea [^>]*id="id_${name}" name="${name}"[^>]*>([^<]*)</textarea>`).exec(html);
  return area ? unescapeHtml(area[1] ?? '') : undefined;
}

/** Return the error messages shown beside a field. */
export function fieldErrors(html: string, name: string): string[] {
  const list = new RegExp(`<ul class="errorlist" id="id_${name}_errors">([\\s\\S]*?)</ul>`).exec(html);
  return [...(list?.[1] ?? '').matchAll(/<li>([^<]*)<\/li>/g)].map((m) => unescapeHtml(m[1] ?? ''));
}

/** Return the new client secret shown on an application's page, or null. */
export function shownSecret(html: string): string | null {
  const match = /<input type="text" id="new_secret" class="secret" value="([^"]*)"/.exec(html);
  return match ? unescapeHtml(match[1] ?? '') : null;
}
