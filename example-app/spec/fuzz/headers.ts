/**
 * Header values for the fuzzer: `Authorization` (valid Basic and Bearer, and every way to break them), cookies
 * (the logged-in session, forged, broken), content types, and CORS or proxy headers.
 */
import type { FuzzMaterial } from './material.js';
import type { Prng } from './prng.js';
import { basicAuth } from './templates.js';
import { randomText } from './values.js';

/** Return an `Authorization` value and its tag: valid, broken, odd or huge. */
export function drawAuthorization(rng: Prng, m: FuzzMaterial): [tag: string, value: string] {
  const client = rng.pick(m.clients);
  const basic = (text: string) => `Basic ${Buffer.from(text, 'latin1').toString('base64')}`;
  const token = m.accessTokens.length > 0 ? rng.pick(m.accessTokens) : 'x';
  return rng.weighted<[string, string]>([
    [10, ['basic', basicAuth(client)]],
    [8, ['basic-wrong', basic(`${client.id}:wrong`)]],
    [4, ['basic-no-colon', basic(client.id)]],
    [5, ['basic-bad-b64', `Basic ${rng.pick(['!!!', '====', 'a', '%%%', 'YQ=', '\u00ff\u00fe', 'a b'])}`]],
    [4, ['basic-bad-escape', basic(`${client.id}%:%zz${client.secret}`)]],
    [4, ['basic-utf8', basic(`${client.id}:\u00e9\u00ff`)]],
    [5, ['basic-empty', rng.pick(['Basic', 'Basic ', basic(':'), basic(''), basic(`:${client.secret}`)])]],
    [10, ['bearer', `Bearer ${token}`]],
    [6, ['bearer-odd', rng.pick([`bearer  ${token}`, 'Bearer', 'Bearer ', `Bearer ${token} x`, `BEARER ${token}`])]],
    [6, ['bearer-garbage', `Bearer ${randomText(rng, rng.int(1, 300))}`]],
    [4, ['other-scheme', rng.pick(['Digest username="x"', 'Negotiate abc', 'DPoP xyz', ',', 'Basic, Bearer x'])]],
    [2, ['huge', `Bearer ${'a'.repeat(rng.pick([8_000, 20_000]))}`]],
  ]);
}

/** Return a `Cookie` value and its tag, or null for none. */
export function drawCookie(rng: Prng, m: FuzzMaterial): [tag: string, value: string] | null {
  const session = m.sessionCookie;
  return rng.weighted<[string, string] | null>([
    [40, ['session', session]],
    [35, null],
    [6, ['forged', session.replace(/sessionid=[^;]+/, 'sessionid=eyJ1c2VySWQiOjEsImF1dGhUaW1lIjoxfQ==')]],
    [5, ['unsigned', session.replace(/; ?sessionid\.sig=[^;]+/, '').replace(/; ?csrftoken\.sig=[^;]+/, '')]],
    [5, ['garbage', `sessionid=${randomText(rng, 40).replace(/;/g, '')}; sessionid.sig=x; csrftoken=%zz; =;=; ;;`]],
    [
      5,
      [
        'proto',
        `__proto__=x; constructor=y; sessionid=${Buffer.from('{"__proto__":{"userId":1}}').toString('base64')}`,
      ],
    ],
    [4, ['huge', `a=${'b'.repeat(rng.pick([3_000, 20_000]))}`]],
  ]);
}

/** Return a content type: the usual ones, with odd parameters, several at once, broken, or very long. */
export function drawContentType(rng: Prng): string {
  return rng.weighted([
    [20, 'application/x-www-form-urlencoded'],
    [6, 'application/x-www-form-urlencoded; charset=utf-8'],
    [4, 'application/x-www-form-urlencoded; charset=latin1'],
    [3, 'application/x-www-form-urlencoded; charset=utf-16'],
    [3, 'APPLICATION/X-WWW-FORM-URLENCODED'],
    [3, 'application/x-www-form-urlencoded, application/json'],
    [3, 'application/x-www-form-urlencoded;;;charset'],
    [8, 'application/json'],
    [4, 'application/json; charset=utf-8'],
    [6, 'multipart/form-data; boundary=fuzzboundary'],
    [3, 'multipart/form-data'],
    [4, 'text/plain'],
    [3, 'application/octet-stream'],
    [3, ';;;=,'],
    [2, 'application/x-www-form-urlencoded; charset="'],
    [2, `application/${'x'.repeat(3000)}`],
  ] as const);
}

/** Return a few CORS, proxy or negotiation headers. */
export function drawOtherHeaders(rng: Prng, m: FuzzMaterial): [string, string][] {
  const pick = rng.weighted([
    [40, 'origin'],
    [20, 'proxy'],
    [20, 'accept'],
    [10, 'expect'],
    [10, 'duplicate'],
  ] as const);
  if (pick === 'origin') {
    const origin: [string, string] = [
      'Origin',
      rng.pick([new URL(m.redirectUri).origin, 'http://evil.example', 'null']),
    ];
    return rng.chance(0.5) ? [origin, ['Access-Control-Request-Method', rng.pick(['POST', 'GET', 'x'])]] : [origin];
  }
  if (pick === 'proxy')
    return [
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Host', 'evil.example'],
      ['X-Forwarded-For', '1.2.3.4, x'],
    ];
  if (pick === 'accept')
    return [
      ['Accept', rng.pick(['application/json', 'text/html', '*/*;q=x', ''])],
      ['Accept-Language', '*;q=-1'],
    ];
  if (pick === 'expect') return [['Expect', '100-continue']];
  return [
    ['Content-Type', 'application/json'],
    ['Authorization', `Bearer ${randomText(rng, 10)}`],
  ];
}
