import { setTimeout as sleepFor } from 'node:timers/promises';
import { GRANT_DEVICE_CODE } from '../../lib/index.js';
import { issuerFor, readPort } from '../config.js';
import { CommandError, parseOptions, UsageError, type Command } from './command.js';

/** What `deviceLogin()` needs: the provider, the client, and how it talks, writes and waits (injectable for specs). */
export interface DeviceLoginOptions {
  /** The issuer, e.g. `http://127.0.0.1:8000/o`; the endpoints are `<issuer>/device-authorization/` and `/token/`. */
  issuer: string;
  clientId: string;
  scope?: string;
  out(line: string): void;
  /** Wait `seconds` between polls (the interval the provider asks for). */
  sleep?(seconds: number): Promise<void>;
}

/** The token response a successful poll returns (RFC 6749 §5.1). */
export type TokenResponse = Record<string, unknown>;

async function postForm(url: string, form: Record<string, string>): Promise<{ status: number; body: TokenResponse }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as TokenResponse };
}

/**
 * Sign a device in with the device authorization grant (RFC 8628), as a TV or a CLI would: ask for codes, print the
 * verification URI and the user code, then poll the token endpoint at the interval (5 s more after each `slow_down`)
 * until the user approved (the token response is returned), denied, or the code expired (a `CommandError`).
 */
export async function deviceLogin(options: DeviceLoginOptions): Promise<TokenResponse> {
  const base = options.issuer.replace(/\/+$/, '');
  const sleep = options.sleep ?? ((seconds: number) => sleepFor(seconds * 1000));
  const form: Record<string, string> = { client_id: options.clientId };
  if (options.scope) form.scope = options.scope;
  const started = await postForm(`${base}/device-authorization/`, form);
  if (started.status !== 200) {
    throw new CommandError(`the device authorization request was refused: ${JSON.stringify(started.body)}`);
  }
  const { device_code: deviceCode, user_code: userCode, verification_uri: uri } = started.body;
  options.out(`To sign this device in, open ${String(uri)} and enter the code ${String(userCode)}`);
  if (typeof started.body.verification_uri_complete === 'string') {
    options.out(`(or open ${started.body.verification_uri_complete}, which fills the code in)`);
  }
  let interval = Number(started.body.interval ?? 5);
  for (;;) {
    await sleep(interval);
    const poll = await postForm(`${base}/token/`, {
      grant_type: GRANT_DEVICE_CODE,
      device_code: String(deviceCode),
      client_id: options.clientId,
    });
    if (poll.status === 200) return poll.body;
    const error = String(poll.body.error);
    if (error === 'slow_down') interval += 5;
    else if (error !== 'authorization_pending') {
      throw new CommandError(`the device was not signed in: ${error} (${String(poll.body.error_description ?? '')})`);
    }
  }
}

/** `device-login --client-id <id>`: the demo device client of the README's walk-through, against a running app. */
export const deviceLoginCommand: Command = {
  name: 'device-login',
  summary: 'Sign a device in with the device grant (RFC 8628) against the running app; prints the tokens.',
  usage: 'device-login --client-id <id> [--scope "<scope> ..."] [--issuer <url>]',
  async run(argv, io) {
    const { values } = parseOptions(argv, {
      'client-id': { type: 'string' },
      scope: { type: 'string' },
      issuer: { type: 'string' },
    });
    const clientId = values['client-id'];
    if (!clientId) throw new UsageError('--client-id is required (the demo device client is demo-device)');
    const issuer = values.issuer ?? issuerFor(io.env, readPort(io.env));
    const tokens = await deviceLogin({ issuer, clientId, scope: values.scope, out: io.out });
    io.out('Signed in. The token response:');
    io.out(JSON.stringify(tokens, null, 2));
  },
};
