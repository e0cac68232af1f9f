/**
 * The valid pieces the fuzzer mixes into its hostile requests so that they get past the first check and reach deep
 * paths: real client ids and secrets, a logged-in session cookie with its CSRF pair, live tokens, and fresh codes.
 * All obtained the way a browser and a client would, over HTTP against the running example app.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import request from 'supertest';
import { createApplication } from '../../../lib/index.js';
import { DEMO_CLIENT_ID, ensureDemo } from '../../demo.js';
import { SESSION_COOKIE } from '../../session.js';
import { databaseSessionStore } from '../../session-store.js';
import { csrfFrom, hiddenInputs } from '../html.js';

/** A client the fuzzer may authenticate as. */
export interface FuzzClient {
  readonly id: string;
  readonly secret: string;
}

/** Everything valid the fuzzer can draw from; token lists grow as `mint()` runs more code flows. */
export interface FuzzMaterial {
  readonly username: string;
  readonly password: string;
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  /** The demo client (authorization code, OIDC), a client-credentials client and a password-grant client. */
  readonly clients: readonly FuzzClient[];
  /** `Cookie` header values of a logged-in session, CSRF cookie included. */
  readonly sessionCookie: string;
  /** A CSRF token that matches the cookie of `sessionCookie`. */
  readonly csrfToken: string;
  /** Bring the fuzzer's session back after a fuzzed logout ended it (sessions live in the database). */
  readonly restoreSession: () => Promise<void>;
  /** The `Cookie` header of a second session that only the set-up uses, so the fuzzer can never log it out. */
  readonly mintCookie: string;
  /** The PKCE verifier every minted code was requested with. */
  readonly verifier: string;
  readonly accessTokens: string[];
  readonly refreshTokens: string[];
  readonly idTokens: string[];
  /** Codes issued and not yet redeemed by the set-up (the fuzzer may redeem them). */
  readonly codes: string[];
}

/** Return the `name=value` pairs of a response's `Set-Cookie` headers, joined for a `Cookie` header. */
function cookiesOf(res: request.Response): string[] {
  const set = (res.headers['set-cookie'] ?? []) as unknown as string[];
  // A cleared cookie comes back empty (`name=;`): it is left out.
  return set.map((line) => line.split(';')[0] ?? '').filter((pair) => pair.indexOf('=') < pair.length - 1);
}

/** Create the demo data and two more clients, log the demo user in, and run `flows` code flows. */
export async function gatherMaterial(origin: string, orm: MikroORM, flows: number): Promise<FuzzMaterial> {
  const redirectUri = new URL('/callback', origin).href;
  const demo = await ensureDemo(orm, { redirectUri });
  const em = orm.em.fork();
  const extra = await Promise.all(
    (['client-credentials', 'password'] as const).map((authorizationGrantType) =>
      createApplication(em, {
        clientType: 'confidential',
        authorizationGrantType,
        name: `fuzz ${authorizationGrantType}`,
      }),
    ),
  );
  const fuzzSession = await logIn(origin, demo.username, demo.password ?? '');
  const mintSession = await logIn(origin, demo.username, demo.password ?? '');
  const material: FuzzMaterial = {
    username: demo.username,
    password: demo.password ?? '',
    redirectUri,
    postLogoutRedirectUri: new URL('/', redirectUri).href,
    clients: [
      { id: DEMO_CLIENT_ID, secret: demo.clientSecret ?? '' },
      ...extra.map(({ application, clientSecret }) => ({ id: application.clientId, secret: clientSecret ?? '' })),
    ],
    sessionCookie: fuzzSession.cookie,
    csrfToken: fuzzSession.csrfToken,
    restoreSession: await sessionRestorer(orm, fuzzSession.cookie),
    mintCookie: mintSession.cookie,
    verifier: randomBytes(32).toString('base64url'),
    accessTokens: [],
    refreshTokens: [],
    idTokens: [],
    codes: [],
  };
  for (let i = 0; i < flows; i++) await mint(origin, material, i % 2 === 0);
  return material;
}

/**
 * Log in through the login page and return the session's cookies with a CSRF token of that session (the login
 * rotates the CSRF secret, so the token comes from a page fetched after it).
 */
async function logIn(
  origin: string,
  username: string,
  password: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const page = await request(origin).get('/accounts/login/').expect(200);
  const login = await request(origin)
    .post('/accounts/login/')
    .set('Cookie', cookiesOf(page).join('; '))
    .type('form')
    .send({ csrfmiddlewaretoken: csrfFrom(page.text), username, password, next: '/' })
    .expect(302);
  const cookie = cookiesOf(login).join('; ');
  const after = await request(origin).get('/accounts/login/').set('Cookie', cookie).expect(200);
  return { cookie, csrfToken: csrfFrom(after.text) };
}

/** Return a function that writes the session of `cookie` back as it is now, through the app's own session store. */
async function sessionRestorer(orm: MikroORM, cookie: string): Promise<() => Promise<void>> {
  const key = new RegExp(`(?:^|; )${SESSION_COOKIE}=([^;]+)`).exec(cookie)?.[1] ?? '';
  const store = databaseSessionStore(() => orm.em.fork());
  const options = { ctx: {} as never, rolling: false, changed: true };
  const data = await store.get(key, 0, options);
  if (data === undefined) throw new Error('fuzz set-up: the login left no session in the database');
  return async () => {
    await store.set(key, data, 60 * 60 * 1000, options);
  };
}

/**
 * Run one code flow as the logged-in demo user (consent included) and add its code, or, when `redeem`, the tokens
 * of redeeming it, to `material`.
 */
export async function mint(origin: string, material: FuzzMaterial, redeem: boolean): Promise<void> {
  const client = material.clients[0] as FuzzClient;
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.id,
    redirect_uri: material.redirectUri,
    scope: 'openid read write',
    state: 'fuzz',
    nonce: 'fuzz',
    code_challenge: createHash('sha256').update(material.verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const cookie = material.mintCookie;
  let answer = await request(origin).get(`/o/authorize/?${query}`).set('Cookie', cookie);
  if (answer.status === 200) {
    answer = await request(origin)
      .post('/o/authorize/')
      .set('Cookie', cookie)
      .type('form')
      .send({ ...hiddenInputs(answer.text), allow: 'Authorize' });
  }
  const code = new URL(answer.headers.location ?? '/', origin).searchParams.get('code');
  if (!code) throw new Error(`fuzz set-up: the code flow answered ${answer.status} ${answer.headers.location}`);
  if (!redeem) {
    material.codes.push(code);
    return;
  }
  const token = await request(origin)
    .post('/o/token/')
    .auth(client.id, client.secret)
    .type('form')
    .send({
      grant_type: 'authorization_code',
      code,
      redirect_uri: material.redirectUri,
      code_verifier: material.verifier,
    })
    .expect(200);
  material.accessTokens.push(token.body.access_token as string);
  material.refreshTokens.push(token.body.refresh_token as string);
  material.idTokens.push(token.body.id_token as string);
}
