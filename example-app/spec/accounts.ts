/** Users, logins and logouts in the example app's specs, through its pages as a browser would submit them. */
import type { MikroORM } from '@mikro-orm/core';
import type request from 'supertest';
import { User } from '../models/user.js';
import { hiddenInputs } from './html.js';

/** Store an active user with `password`. */
export async function createUser(orm: MikroORM, username: string, password: string): Promise<User> {
  const em = orm.em.fork();
  const user = em.create(User, { username });
  await user.setPassword(password);
  await em.flush();
  return user;
}

/** The example's account pages. */
export type AccountPage = '/accounts/login/' | '/accounts/logout/';

/** Open an account page (with `next` in its query when given) and return its form's hidden fields (CSRF, `next`). */
export async function pageFields(
  agent: request.Agent,
  page: AccountPage,
  next?: string,
): Promise<Record<string, string>> {
  const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
  const response = await agent.get(`${page}${query}`).expect(200);
  return hiddenInputs(response.text);
}

/**
 * Submit an account page's form with its CSRF token and `fields` (the credentials to log in, any `next`), and return
 * the answer to the POST (a 302 on success).
 */
export async function submit(
  agent: request.Agent,
  page: AccountPage,
  fields: Record<string, string> = {},
): Promise<request.Response> {
  const hidden = await pageFields(agent, page);
  return agent
    .post(page)
    .type('form')
    .send({ ...hidden, ...fields });
}
