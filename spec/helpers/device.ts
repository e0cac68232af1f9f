/**
 * The device grant's specs set-up (spec/views/device*.spec.ts, spec/integration/device*.spec.ts): its settings with a
 * validator on a clock the spec advances, a device client, and the steps of the flow over HTTP.
 */
import { expect } from 'chai';
import type Koa from 'koa';
import request, { type Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DEVICE_CODE_GRANT_TYPE } from '../../lib/oauth2/device/records.js';
import type { OAuth2SettingsInput } from '../../lib/settings/types.js';
import { OAuth2Validator } from '../../lib/validator.js';
import { AUTHORIZE_SETTINGS } from './authorize.js';
import { hiddenInputs, unescapeHtml } from './html.js';
import { TEST_USER_HEADER } from './app.js';
import { startExampleProvider } from '../views/oidc/example-provider.js';
import type { Provider } from '../views/oidc/provider.js';

/**
 * A clock the device specs advance instead of sleeping through an interval: real time plus the seconds advanced, so
 * that it agrees with the core's clock (which stamps the expiry) until a spec moves it on. `reset()` before each test.
 */
export class DeviceClock {
  offset = 0;
  readonly now = (): number => Date.now() + this.offset;
  advance(seconds: number): void {
    this.offset += seconds * 1000;
  }
  reset(): void {
    this.offset = 0;
  }
}

/** Return an `OAuth2Validator` class on `clock` (its `now` option), for the `oauth2ValidatorClass` setting. */
export function clockedValidator(clock: DeviceClock): typeof OAuth2Validator {
  return class ClockedValidator extends OAuth2Validator {
    constructor() {
      super({ now: clock.now });
    }
  };
}

/** The settings of the device specs: the grant enabled, a validator on `clock`. */
export function deviceSettings(clock: DeviceClock, extra: Partial<OAuth2SettingsInput> = {}) {
  return {
    ...AUTHORIZE_SETTINGS,
    grantTypesSupported: ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT_TYPE],
    oauth2ValidatorClass: clockedValidator(clock),
    ...extra,
  } satisfies Partial<OAuth2SettingsInput>;
}

/**
 * Start the example app (its demo user and demo device client) for the spec file, its validator on a clock reset
 * before each test; return the clock and the provider's accessor.
 */
export function useClockedExampleProvider(): { clock: DeviceClock; provider: () => Provider } {
  const clock = new DeviceClock();
  let provider: Provider | undefined;
  before(async () => {
    provider = await startExampleProvider();
  });
  beforeEach(() => {
    clock.reset();
    provider?.configure({ oauth2ValidatorClass: clockedValidator(clock) });
  });
  after(async () => {
    await provider?.close();
  });
  return {
    clock,
    provider: () => {
      if (!provider) throw new Error('useClockedExampleProvider: the provider exists only inside hooks and tests');
      return provider;
    },
  };
}

/** What the device authorization endpoint answered. */
export interface DeviceStart {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval: number;
}

/** Ask the device authorization endpoint for codes as the public client `clientId`. */
export async function startDevice(app: Koa, clientId: string, scope = 'read'): Promise<DeviceStart> {
  const res = await request(app.callback())
    .post('/o/device-authorization/')
    .type('form')
    .send({ client_id: clientId, scope });
  expect(res.status, res.text).to.equal(200);
  return res.body as DeviceStart;
}

/** Poll the token endpoint with a device code as the public client `clientId`. */
export function pollDevice(app: Koa, clientId: string, deviceCode: string) {
  return request(app.callback())
    .post('/o/token/')
    .type('form')
    .send({ grant_type: DEVICE_CODE_GRANT_TYPE, client_id: clientId, device_code: deviceCode });
}

/**
 * Enter `userCode` on `/device/` as the user `userId` (an agent keeps the CSRF cookie); return the agent and the
 * answer to the form.
 */
export async function enterUserCode(
  app: Koa,
  userId: number,
  userCode: string,
): Promise<{ agent: TestAgent; res: Response }> {
  const agent = request.agent(app.callback());
  const page = await agent.get('/o/device/').set(TEST_USER_HEADER, String(userId));
  expect(page.status, page.text).to.equal(200);
  const res = await agent
    .post('/o/device/')
    .set(TEST_USER_HEADER, String(userId))
    .type('form')
    .send({ ...hiddenInputs(page.text), user_code: userCode });
  return { agent, res };
}

/** Enter the code, then accept or deny it on the confirm page; return the answer to the confirm form. */
export async function decide(app: Koa, userId: number, userCode: string, action: 'accept' | 'deny'): Promise<Response> {
  const { agent, res } = await enterUserCode(app, userId, userCode);
  expect(res.status, res.text).to.equal(303);
  const confirm = await agent.get(res.headers['location'] as string).set(TEST_USER_HEADER, String(userId));
  expect(confirm.status, confirm.text).to.equal(200);
  return agent
    .post(res.headers['location'] as string)
    .set(TEST_USER_HEADER, String(userId))
    .type('form')
    .send({ ...hiddenInputs(confirm.text), action });
}

/**
 * Do the user's part of a device sign-in in a user agent with cookies, as a browser would: open the complete
 * verification URI, log in, submit the filled-in code, accept (or deny) on the confirm page, and return the status
 * page's text.
 */
export async function approveInBrowser(
  agent: UserAgentLike,
  verificationUriComplete: string,
  credentials: { username: string; password: string },
  action: 'accept' | 'deny' = 'accept',
): Promise<string> {
  const start = new URL(verificationUriComplete);
  const toLogin = await agent.get(start);
  expect(toLogin.status).to.equal(302);
  const loginUrl = new URL(toLogin.headers.get('location') ?? '', start);
  const loginHtml = await (await agent.get(loginUrl)).text();
  const loggedIn = await agent.post(formActionOf(loginHtml, loginUrl), { ...hiddenInputs(loginHtml), ...credentials });
  const back = new URL(loggedIn.headers.get('location') ?? '', loginUrl);
  expect(back.href).to.equal(start.href);
  const codePage = await agent.get(back);
  expect(codePage.status).to.equal(200);
  const codeHtml = await codePage.text();
  const userCode = /name="user_code" id="id_user_code" value="([^"]*)"/.exec(codeHtml)?.[1] ?? '';
  const entered = await agent.post(formActionOf(codeHtml, back), { ...hiddenInputs(codeHtml), user_code: userCode });
  expect(entered.status).to.equal(303);
  const confirmUrl = new URL(entered.headers.get('location') ?? '', back);
  const confirmHtml = await (await agent.get(confirmUrl)).text();
  const decided = await agent.post(confirmUrl, { ...hiddenInputs(confirmHtml), action });
  expect(decided.status).to.equal(303);
  return (await agent.get(new URL(decided.headers.get('location') ?? '', confirmUrl))).text();
}

/** The part of the end-to-end specs' user agent (spec/views/oidc/user-agent.ts) this helper uses. */
export interface UserAgentLike {
  get(url: string | URL): Promise<globalThis.Response>;
  post(url: string | URL, fields: Record<string, string>): Promise<globalThis.Response>;
}

function formActionOf(html: string, base: URL): URL {
  return new URL(unescapeHtml(/<form[^>]* action="([^"]*)"/.exec(html)?.[1] ?? ''), base);
}
