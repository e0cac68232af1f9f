/**
 * The fuzzer's mutations of a draft: one hostile change each (a value, a duplicate, a prototype key, a moved
 * parameter, another body, content type, encoding or credential), applied a few at a time to a valid request.
 */
import { deflateSync, gzipSync } from 'node:zlib';
import { joinPairs, type Draft, type Pair } from './draft.js';
import { drawAuthorization, drawContentType, drawCookie, drawOtherHeaders } from './headers.js';
import type { FuzzMaterial } from './material.js';
import type { Prng } from './prng.js';
import { hostileValue, paramName, paramValue, PARAM_NAMES, PROTO_KEYS, randomText } from './values.js';

/** The largest body sent (1 MiB). */
const BODY_BUDGET = 1_048_576;

/** A mutation: change the draft, return a tag for the report. */
type Mutation = (rng: Prng, m: FuzzMaterial, draft: Draft) => string;

/** Return the list the mutation works on: the form when there is one and the draw says so, else the query. */
function someList(rng: Prng, draft: Draft): Pair[] {
  return draft.form !== null && rng.chance(0.6) ? draft.form : draft.query;
}

const MUTATIONS: readonly (readonly [number, Mutation])[] = [
  [
    25,
    (rng, _m, draft) => {
      const list = someList(rng, draft);
      if (list.length === 0) return 'value:none';
      const pair = rng.pick(list);
      pair[1] = hostileValue(rng, rng.chance(0.05) ? BODY_BUDGET : 12_000);
      return `value:${pair[0].toString('latin1').slice(0, 24)}`;
    },
  ],
  [
    10,
    (rng, _m, draft) => {
      const list = someList(rng, draft);
      if (list.length === 0) return 'dup:none';
      const [name, value] = rng.pick(list);
      list.splice(rng.int(0, list.length), 0, [name, rng.chance(0.5) ? value : hostileValue(rng, 200)]);
      return `dup:${name.toString('latin1').slice(0, 24)}`;
    },
  ],
  [
    8,
    (rng, _m, draft) => {
      const list = someList(rng, draft);
      if (list.length > 0) list.splice(rng.int(0, list.length - 1), 1);
      return 'drop';
    },
  ],
  [
    10,
    (rng, m, draft) => {
      const name = rng.chance(0.5) ? Buffer.from(rng.pick(PROTO_KEYS), 'latin1') : paramName(rng);
      someList(rng, draft).push([name, paramValue(rng, m, name.toString('latin1'), 2_000)]);
      return 'add';
    },
  ],
  [
    5,
    (rng, m, draft) => {
      for (let i = rng.int(20, 400); i > 0; i--) draft.query.push([paramName(rng), paramValue(rng, m, 'x', 20)]);
      return 'many';
    },
  ],
  [
    6,
    (_rng, _m, draft) => {
      if (draft.form === null) draft.form = draft.query.splice(0);
      else draft.query.push(...draft.form.splice(0));
      draft.contentType ??= 'application/x-www-form-urlencoded';
      return 'move';
    },
  ],
  [
    10,
    (rng, m, draft) => {
      const [tag, value] = drawAuthorization(rng, m);
      draft.authorization = value;
      return `auth:${tag}`;
    },
  ],
  [
    4,
    (_rng, _m, draft) => {
      draft.authorization = null;
      return 'auth:none';
    },
  ],
  [
    7,
    (rng, m, draft) => {
      const cookie = drawCookie(rng, m);
      draft.cookie = cookie?.[1] ?? null;
      return `cookie:${cookie?.[0] ?? 'none'}`;
    },
  ],
  [
    8,
    (rng, _m, draft) => {
      draft.contentType = rng.chance(0.9) ? drawContentType(rng) : null;
      return `ct:${draft.contentType?.slice(0, 40) ?? 'none'}`;
    },
  ],
  [
    8,
    (rng, m, draft) => {
      const [kind, body] = drawBody(rng, m, draft);
      draft.form = null;
      draft.rawBody = body;
      return `body:${kind}`;
    },
  ],
  [
    6,
    (rng, _m, draft) => {
      const body = draft.form !== null ? joinPairs(draft.form) : (draft.rawBody ?? Buffer.alloc(0));
      const [name, encoded] = encodeBody(rng, body);
      draft.form = null;
      draft.rawBody = encoded;
      draft.headers.push(['Content-Encoding', name]);
      return `ce:${name}`;
    },
  ],
  [
    4,
    (rng, _m, draft) => {
      draft.chunkSize = rng.int(1, 4096);
      return 'chunked';
    },
  ],
  [
    3,
    (rng, _m, draft) => {
      draft.joiner = rng.pick(['&&', ';', '&amp;', '']);
      return 'joiner';
    },
  ],
  [
    6,
    (rng, m, draft) => {
      draft.headers.push(...drawOtherHeaders(rng, m));
      return 'headers';
    },
  ],
];

/** Apply `count` drawn mutations to the draft; return their tags. */
export function mutate(rng: Prng, m: FuzzMaterial, draft: Draft, count: number): string[] {
  const tags: string[] = [];
  for (let i = 0; i < count; i++) tags.push(rng.weighted(MUTATIONS)(rng, m, draft));
  return tags;
}

/** Return a body other than a form: JSON (prototype keys included), malformed JSON, multipart, bytes or huge. */
function drawBody(rng: Prng, m: FuzzMaterial, draft: Draft): [string, Buffer] {
  const kind = rng.pick(['json', 'json', 'multipart', 'bytes', 'huge', 'empty'] as const);
  if (kind === 'json') {
    if (rng.chance(0.2)) return [kind, Buffer.from(rng.pick(['{', '{"a":}', '[', 'null', '"x"', '{"__proto__":']))];
    const entries = [...(draft.form ?? []), ...draft.query].map(([name, value]) => {
      const key = rng.chance(0.2) ? rng.pick(PROTO_KEYS) : name.toString('latin1');
      const json = rng.chance(0.7)
        ? JSON.stringify(value.toString('latin1'))
        : rng.pick(['{"admin":true}', '[1,2]', 'null', '1e999']);
      return `${JSON.stringify(key)}:${json}`;
    });
    return [kind, Buffer.from(`{${entries.join(',')}}`, 'utf8')];
  }
  if (kind === 'multipart') {
    const parts: Buffer[] = [];
    for (let i = rng.int(1, 4); i > 0; i--) {
      const name = rng.pick(PARAM_NAMES);
      const file = rng.chance(0.3) ? `; filename="${randomText(rng, 6).replace(/"/g, '')}"` : '';
      parts.push(
        Buffer.from(`--fuzzboundary\r\nContent-Disposition: form-data; name="${name}"${file}\r\n\r\n`, 'latin1'),
      );
      parts.push(paramValue(rng, m, name, 2_000), Buffer.from('\r\n', 'latin1'));
    }
    if (rng.chance(0.7)) parts.push(Buffer.from('--fuzzboundary--\r\n', 'latin1'));
    return [kind, Buffer.concat(parts)];
  }
  if (kind === 'bytes') return [kind, rng.bytes(rng.int(1, 2_000))];
  if (kind === 'huge') return [kind, hostileValue(rng, BODY_BUDGET)];
  return [kind, Buffer.alloc(0)];
}

/** Return an encoding's name and the body in it: real gzip or deflate, doubled, or garbage under a real name. */
function encodeBody(rng: Prng, body: Buffer): [string, Buffer] {
  const choice = rng.pick([
    'gzip',
    'gzip-garbage',
    'deflate',
    'deflate-garbage',
    'br-garbage',
    'identity',
    'gzip, gzip',
    'x-unknown',
  ] as const);
  if (choice === 'gzip') return [choice, gzipSync(body)];
  if (choice === 'deflate') return [choice, deflateSync(body)];
  if (choice === 'gzip, gzip') return [choice, gzipSync(gzipSync(body))];
  if (choice === 'gzip-garbage')
    return ['gzip', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), rng.bytes(rng.int(0, 64))])];
  if (choice.endsWith('-garbage')) return [choice.replace('-garbage', ''), rng.bytes(rng.int(1, 64))];
  return [choice, body];
}
