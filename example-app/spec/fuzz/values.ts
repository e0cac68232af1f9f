/**
 * Parameter names and values for the fuzzer, as raw bytes ready to stand in a query string or a form body: valid
 * ones from the set-up's material (so a request gets past the first check), and hostile ones — broken
 * percent-escapes, invalid UTF-8, huge, duplicated, prototype-pollution keys, injection strings.
 */
import { createHash } from 'node:crypto';
import type { FuzzMaterial } from './material.js';
import type { Prng } from './prng.js';

/** The parameters the toolkit's endpoints and the example's pages read. */
export const PARAM_NAMES = [
  'response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce',
  'prompt', 'max_age', 'claims', 'response_mode', 'grant_type', 'code', 'code_verifier', 'refresh_token', 'username',
  'password', 'client_secret', 'token', 'token_type_hint', 'id_token_hint', 'post_logout_redirect_uri', 'access_token',
  'allow', 'csrfmiddlewaretoken', 'next', 'ui_locales', 'login_hint', 'request', 'request_uri', 'client_assertion',
  'client_assertion_type', 'resource', 'iss', 'error', 'error_description', 'device_code', 'acr_values', 'display',
] as const; // prettier-ignore

/** Keys that pollute a prototype when a parser builds objects from them. */
export const PROTO_KEYS = [
  '__proto__', 'constructor', 'prototype', '__proto__[admin]', 'constructor[prototype][admin]', '__proto__.admin',
  'hasOwnProperty', 'toString', 'valueOf', 'client_id[]', 'scope[0]', 'a[b][c][d][e][f]', '[]', '[', ']',
] as const; // prettier-ignore

/** Hostile text values (percent-encoded when placed, unless the draw says raw). */
const HOSTILE = [
  '', ' ', '+', '=', '&', '#', '?', '%', "'", '"', '\\', '\0', '\r\n', '\t', '\u00a0', '\ufeff', '\u202e', '😀', 'é',
  "' OR '1'='1", "'); DROP TABLE x; --", '${7*7}', '{{7*7}}', '{% raw %}', '<script>alert(1)</script>',
  '"><svg onload=alert(1)>', 'javascript:alert(1)', 'data:text/html,x', '//evil.example', 'http://evil.example/cb',
  'http://127.0.0.1:8000/callback/../x', 'http://127.0.0.1:8000/callback#x', 'null', 'undefined', 'true', 'NaN',
  'Infinity', '-1', '0', '1e309', '99999999999999999999999', '-0', '0x10', '[]', '{}', '{"a":', '[object Object]',
  '{"__proto__":{"admin":true}}', 'openid openid', ' read ', 'read\u00a0write', 'S256', 'plain', 'none', 'Basic',
  'Bearer x', 'code token id_token', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.', 'eyJ.eyJ.sig',
] as const; // prettier-ignore

/** Percent-escapes that do not decode to valid UTF-8, or do not decode at all (placed as they are). */
const BROKEN_ESCAPES = [
  '%', '%%', '%z', '%zz', '%C3', '%C3%28', '%ED%A0%80', '%F4%90%80%80', '%00', '%FF%FE', '%E2%82', '%C0%AF', '%2525',
  '%u0041', '%%32%35', '%0D%0A', '%EF%BF%BE', '%F0%9F', 'a%', '%a',
] as const; // prettier-ignore

/** Raw bytes that are not UTF-8 (lone continuation, overlong, surrogate, truncated sequences). */
const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88]];

/** Encode text as a form/query value (RFC 3986 escapes, or `+` for spaces as browsers post forms). */
function encode(rng: Prng, text: string): Buffer {
  const escaped = encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '?'));
  return Buffer.from(rng.chance(0.2) ? escaped.replace(/%20/g, '+') : escaped, 'latin1');
}

/** Return a parameter name: mostly a real one, else a prototype key or junk. */
export function paramName(rng: Prng): Buffer {
  const kind = rng.weighted([
    [75, 'real'],
    [12, 'proto'],
    [8, 'junk'],
    [5, 'hostile'],
  ] as const);
  if (kind === 'real') return Buffer.from(rng.pick(PARAM_NAMES), 'latin1');
  if (kind === 'proto')
    return rng.chance(0.5) ? Buffer.from(rng.pick(PROTO_KEYS), 'latin1') : encode(rng, rng.pick(PROTO_KEYS));
  if (kind === 'junk') return encode(rng, randomText(rng, rng.int(1, 12)));
  return hostileValue(rng, 64);
}

/** Return a value for `name`: valid most of the time, so that other parts of the request are what is tested. */
export function paramValue(rng: Prng, material: FuzzMaterial, name: string, maxLength: number): Buffer {
  if (rng.chance(0.6)) {
    const valid = validValue(rng, material, name);
    if (valid !== null) return encode(rng, valid);
  }
  return hostileValue(rng, maxLength);
}

/** Return a hostile value of at most about `maxLength` bytes. */
export function hostileValue(rng: Prng, maxLength: number): Buffer {
  const kind = rng.weighted([
    [35, 'text'],
    [20, 'broken'],
    [15, 'utf8'],
    [10, 'raw'],
    [10, 'random'],
    [10, 'huge'],
  ] as const);
  if (kind === 'text') return encode(rng, rng.pick(HOSTILE));
  if (kind === 'broken') return Buffer.from(`${randomText(rng, rng.int(0, 3))}${rng.pick(BROKEN_ESCAPES)}`, 'latin1');
  if (kind === 'utf8') return Buffer.concat([Buffer.from('x', 'latin1'), Buffer.from(rng.pick(INVALID_UTF8))]);
  if (kind === 'raw') return Buffer.from(rng.pick(HOSTILE), 'utf8');
  if (kind === 'random') return rng.bytes(rng.int(1, 40));
  const length = Math.min(maxLength, rng.pick([300, 2_000, 9_000, 70_000, 1_000_000]));
  return Buffer.alloc(length, rng.pick(['a', '%41', 'é', '&', '=', '%']));
}

/** Return random printable ASCII of `length` characters. */
export function randomText(rng: Prng, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(rng.int(0x21, 0x7e));
  return text;
}

/** Return a valid value for a known parameter, or null for a parameter with no valid value worth drawing. */
function validValue(rng: Prng, m: FuzzMaterial, name: string): string | null {
  const client = rng.pick(m.clients);
  const any = (list: readonly string[]): string | null => (list.length > 0 ? rng.pick(list) : null);
  switch (name) {
    case 'client_id':
      return client.id;
    case 'client_secret':
      return client.secret;
    case 'redirect_uri':
      return rng.chance(0.9) ? m.redirectUri : m.postLogoutRedirectUri;
    case 'post_logout_redirect_uri':
      return m.postLogoutRedirectUri;
    case 'scope':
      return rng.pick(['read', 'openid', 'openid read write', 'read write profile email', 'openid profile', 'admin']);
    case 'response_type':
      return rng.pick(['code', 'code', 'token', 'id_token', 'code id_token', 'id_token token', 'none']);
    case 'grant_type':
      return rng.pick(['authorization_code', 'refresh_token', 'client_credentials', 'password', 'implicit']);
    case 'code':
      return any(m.codes);
    case 'code_verifier':
      return m.verifier;
    case 'code_challenge':
      return createHash('sha256').update(m.verifier).digest('base64url');
    case 'code_challenge_method':
      return rng.pick(['S256', 'plain']);
    case 'refresh_token':
      return any(m.refreshTokens);
    case 'token':
      return any([...m.accessTokens, ...m.refreshTokens, ...m.idTokens]);
    case 'access_token':
      return any(m.accessTokens);
    case 'id_token_hint':
      return any(m.idTokens);
    case 'token_type_hint':
      return rng.pick(['access_token', 'refresh_token', 'id_token']);
    case 'username':
      return m.username;
    case 'password':
      return rng.chance(0.7) ? m.password : 'wrong-password';
    case 'csrfmiddlewaretoken':
      return m.csrfToken;
    case 'prompt':
      return rng.pick(['none', 'login', 'consent', 'select_account', 'login consent']);
    case 'max_age':
      return rng.pick(['0', '10', '3600']);
    case 'claims':
      return rng.pick(['{"id_token":{"sub":{"value":"1"}}}', '{"userinfo":{"email":null}}', '{"id_token":null}']);
    case 'allow':
      return rng.pick(['Authorize', 'Logout']);
    case 'next':
      return rng.pick(['/', '/o/authorize/?client_id=demo-client', '/accounts/login/']);
    case 'response_mode':
      return rng.pick(['query', 'fragment', 'form_post']);
    case 'state':
    case 'nonce':
      return randomText(rng, 8).replace(/[^A-Za-z0-9]/g, 'x');
    default:
      return null;
  }
}
