/**
 * With every debug namespace on (`DEBUG=*`), a full flow through the example app, run as `npm start` runs it, leaves
 * no password, client secret, code, code verifier, token or session cookie in what it writes.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createApplication } from '../../lib/index.js';
import { configureToolkit } from '../app.js';
import { DEMO_CLIENT_ID, ensureDemo } from '../demo.js';
import { openDatabase } from '../orm.js';
import { createScratchDatabase } from '../scratch-database.js';
import { freePort, startChildApp, type ChildApp } from './child-app.js';
import { tempDir } from './database.js';
import { csrfFrom, hiddenInputs } from './html.js';

const GRANTS = ['authorization_code', 'client_credentials', 'refresh_token'];
const WRONG_PASSWORD = 'wrong-Pa55word-typed';
const WRONG_SECRET = 'wrong-client-Secret-123';

/** The clients the flow uses, with their secrets in clear. */
interface Seeded {
  password: string;
  /** Each client as `[client_id, client_secret]`. */
  clients: { demo: [string, string]; credentials: [string, string]; password: [string, string] };
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/** Create the demo data and two more clients in a database the child will open, so that it prints no secret. */
async function seed(origin: string, oidcRsaPrivateKey: string): Promise<Seeded> {
  const serverUrl = process.env.DATABASE_URL;
  const dataDir = tempDir('example-app-logs-');
  const scratch = serverUrl ? await createScratchDatabase(serverUrl, 'koa_oauth_toolkit_logs_spec') : null;
  const database = scratch === null ? await openDatabase({ dataDir }) : null;
  const orm = scratch?.orm ?? database!.orm;
  await orm.getMigrator().up();
  configureToolkit({ orm, issuer: `${origin}/o`, oidcRsaPrivateKey });
  const demo = await ensureDemo(orm, { redirectUri: `${origin}/callback` });
  const created = await Promise.all(
    (['client-credentials', 'password'] as const).map((authorizationGrantType) =>
      createApplication(orm.em.fork(), { clientType: 'confidential', authorizationGrantType }),
    ),
  );
  const [credentials, password] = created.map(({ application, clientSecret }): [string, string] => [
    application.clientId,
    clientSecret!,
  ]);
  // The password grant is off by default (RFC 9700 §2.4); it is on here so that its request is logged too.
  const settingsFile = join(dataDir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ grantTypesSupported: [...GRANTS, 'password'] }));
  // PGlite serves one process: the child takes the data directory over.
  await database?.close();
  return {
    password: demo.password!,
    clients: { demo: [DEMO_CLIENT_ID, demo.clientSecret!], credentials: credentials!, password: password! },
    env: {
      DATA_DIR: dataDir,
      OAUTH2_PROVIDER_SETTINGS_FILE: settingsFile,
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    },
    async dispose() {
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('example app: logs under DEBUG=*', function () {
  this.timeout(120_000);
  let seeded: Seeded | undefined;
  let child: ChildApp | undefined;
  /** Every secret the flow handles, by what it is. */
  const secrets = new Map<string, string>();

  before(async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    seeded = await seed(origin, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const sessionKey = randomBytes(24).toString('base64url');
    child = await startChildApp(port, { ...seeded.env, DEBUG: '*', SECRET_KEYS: sessionKey });
    secrets.set('session signing key', sessionKey);
    await runFullFlow(child.origin, seeded, secrets);
  });

  after(async () => {
    await child?.stop();
    await seeded?.dispose();
  });

  it('wrote debug output at all (the check below is not vacuous)', () => {
    expect(child!.output()).to.include('koa-oauth-toolkit:').and.include('koa-router');
  });

  it('wrote no password, secret, code, verifier, token or cookie value', () => {
    const output = child!.output();
    const found = [...secrets].filter(([, value]) => value.length >= 8 && output.includes(value));
    expect(found.map(([what]) => what)).to.deep.equal([]);
  });
});

/** What the flow's steps share: the app, a browser with its cookies, the seeded credentials, and the secret list. */
interface Flow {
  origin: string;
  browser: ReturnType<typeof request.agent>;
  seeded: Seeded;
  note(what: string, value: unknown): void;
}

/**
 * Log in (and fail once), authorize with PKCE and consent, redeem the code, refresh, introspect, call userinfo and
 * an API, revoke, use the client-credentials and password grants (and a wrong client secret), then log out through
 * RP-initiated logout; note every secret seen on the way.
 */
async function runFullFlow(origin: string, seeded: Seeded, secrets: Map<string, string>): Promise<void> {
  const note = (what: string, value: unknown) => typeof value === 'string' && secrets.set(what, value);
  const flow: Flow = { origin, browser: request.agent(origin), seeded, note };
  note('password', seeded.password);
  for (const [id, secret] of Object.values(seeded.clients)) {
    note(`secret of ${id}`, secret);
    note(`Basic credentials of ${id}`, Buffer.from(`${id}:${secret}`).toString('base64'));
  }
  await logIn(flow);
  const idToken = await codeFlow(flow);
  await otherGrants(flow);
  const logout = `/o/logout/?${new URLSearchParams({ id_token_hint: idToken, state: 'bye' })}`;
  const confirm = await flow.browser.get(logout).expect(200);
  await flow.browser
    .post('/o/logout/')
    .type('form')
    .send({ ...hiddenInputs(confirm.text), allow: 'Logout' })
    .expect(303);
}

/** Note the values of the cookies a response sets. */
function noteCookies(flow: Flow, res: request.Response): void {
  for (const cookie of (res.headers['set-cookie'] ?? []) as unknown as string[]) {
    const pair = cookie.split(';')[0] ?? '';
    flow.note(`cookie ${pair.slice(0, pair.indexOf('='))}`, pair.slice(pair.indexOf('=') + 1));
  }
}

/** Fail to log in with a wrong password, then log in. */
async function logIn(flow: Flow): Promise<void> {
  const page = await flow.browser.get('/accounts/login/').expect(200);
  noteCookies(flow, page);
  const csrf = csrfFrom(page.text);
  flow.note('CSRF token', csrf);
  flow.note('wrong password', WRONG_PASSWORD);
  const form = { csrfmiddlewaretoken: csrf, username: 'demo', next: '/' };
  await flow.browser
    .post('/accounts/login/')
    .type('form')
    .send({ ...form, password: WRONG_PASSWORD })
    .expect(200);
  const login = await flow.browser
    .post('/accounts/login/')
    .type('form')
    .send({ ...form, password: flow.seeded.password })
    .expect(302);
  noteCookies(flow, login);
}

/** Authorize with PKCE and consent, redeem the code, refresh, introspect, call userinfo and an API, revoke. */
async function codeFlow(flow: Flow): Promise<string> {
  const { origin, browser, note } = flow;
  const redirectUri = `${origin}/callback`;
  const verifier = randomBytes(32).toString('base64url');
  note('code verifier', verifier);
  const query = new URLSearchParams({
    response_type: 'code', client_id: DEMO_CLIENT_ID, redirect_uri: redirectUri, scope: 'openid read', state: 'st',
    nonce: 'n-1', code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  }); // prettier-ignore
  const consent = await browser.get(`/o/authorize/?${query}`).expect(200);
  const approved = await browser
    .post('/o/authorize/')
    .type('form')
    .send({ ...hiddenInputs(consent.text), allow: 'Authorize' });
  const code = new URL(approved.headers.location!).searchParams.get('code')!;
  note('code', code);
  await browser.get(`/callback?code=${code}&state=st`).expect(200);
  const demo = flow.seeded.clients.demo;
  const grant = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
  const issued = (await token(flow, grant, demo)).body;
  for (const key of ['access_token', 'refresh_token', 'id_token']) note(`code flow ${key}`, issued[key]);
  const refreshed = (await token(flow, { grant_type: 'refresh_token', refresh_token: issued.refresh_token }, demo))
    .body;
  for (const key of ['access_token', 'refresh_token']) note(`refreshed ${key}`, refreshed[key]);
  const bearer = `Bearer ${refreshed.access_token}`;
  const form = (path: string, fields: Record<string, string>) =>
    request(origin)
      .post(path)
      .auth(...demo)
      .type('form')
      .send(fields)
      .expect(200);
  await form('/o/introspect/', { token: refreshed.access_token });
  await request(origin).get('/o/userinfo/').set('Authorization', bearer).expect(200);
  await request(origin).get('/api/hello').set('Authorization', bearer).expect(200);
  await form('/o/revoke_token/', { token: refreshed.refresh_token });
  return issued.id_token as string;
}

/** The client-credentials grant (and a wrong secret), the client-protected API, and the password grant. */
async function otherGrants(flow: Flow): Promise<void> {
  const { credentials, password } = flow.seeded.clients;
  const machine = await token(flow, { grant_type: 'client_credentials', scope: 'read' }, credentials);
  flow.note('client-credentials access_token', machine.body.access_token);
  await request(flow.origin)
    .get('/api/client')
    .auth(...credentials)
    .expect(200);
  flow.note('wrong client secret', WRONG_SECRET);
  await token(flow, { grant_type: 'client_credentials' }, [credentials[0], WRONG_SECRET], 401);
  const grant = { grant_type: 'password', username: 'demo', password: flow.seeded.password, scope: 'read' };
  const owner = await token(flow, grant, password);
  for (const key of ['access_token', 'refresh_token']) flow.note(`password grant ${key}`, owner.body[key]);
}

/** POST to the token endpoint with HTTP Basic client authentication, expecting `status`. */
function token(flow: Flow, form: Record<string, string>, [id, secret]: [string, string], status = 200) {
  return request(flow.origin).post('/o/token/').auth(id, secret).type('form').send(form).expect(status);
}
