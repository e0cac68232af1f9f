/**
 * A request being built: parameters as raw name/value bytes (in the query and in a form body), or another body,
 * and the headers that carry credentials. Mutations work on this shape; `toRawRequest` writes it as bytes.
 */
import type { RawRequest } from './raw-http.js';

/** A parameter as bytes already encoded for its place (valid escapes, or deliberately broken ones). */
export type Pair = [name: Buffer, value: Buffer];

/** A request under construction. */
export interface Draft {
  query: Pair[];
  /** The form body's parameters, or null when the body is something else (`rawBody`) or absent. */
  form: Pair[] | null;
  rawBody: Buffer | null;
  contentType: string | null;
  authorization: string | null;
  cookie: string | null;
  headers: [string, string][];
  /** Send the body chunked, in pieces of this size. */
  chunkSize: number | null;
  /** Join pairs with this instead of `&`. */
  joiner: string;
}

/** Return an empty draft. */
export function emptyDraft(): Draft {
  return {
    query: [],
    form: null,
    rawBody: null,
    contentType: null,
    authorization: null,
    cookie: null,
    headers: [],
    chunkSize: null,
    joiner: '&',
  };
}

/** Return pairs for plain text parameters (`URLSearchParams` encoding, as a browser or client would send them). */
export function pairs(params: Record<string, string>): Pair[] {
  return Object.entries(params).map(([name, value]) => {
    const encoded = new URLSearchParams({ [name]: value }).toString();
    const at = encoded.indexOf('=');
    return [Buffer.from(encoded.slice(0, at), 'latin1'), Buffer.from(encoded.slice(at + 1), 'latin1')];
  });
}

/** Join pairs as `a=1&b=2` (with the draft's joiner). */
export function joinPairs(list: readonly Pair[], joiner = '&'): Buffer {
  const parts = list.map(([name, value]) => Buffer.concat([name, Buffer.from('=', 'latin1'), value]));
  return Buffer.concat(parts.flatMap((part, i) => (i === 0 ? [part] : [Buffer.from(joiner, 'latin1'), part])));
}

/**
 * Percent-encode what Node's HTTP parser refuses in a request target (bytes outside `!`..`~`), leaving `%` as it is
 * so that broken escapes stay broken: such requests reach the app instead of Node's own 400.
 */
export function forTarget(bytes: Buffer): Buffer {
  let out = '';
  for (const byte of bytes) {
    out +=
      byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return Buffer.from(out, 'latin1');
}

/** Write the draft as a raw request to `path` with `method`; `rawTarget` keeps bytes Node refuses (its own 400). */
export function toRawRequest(draft: Draft, method: string, path: string, rawTarget: boolean): RawRequest {
  const query = joinPairs(draft.query, draft.joiner);
  const target = Buffer.concat([
    Buffer.from(path, 'latin1'),
    draft.query.length > 0 ? Buffer.from('?', 'latin1') : Buffer.alloc(0),
    rawTarget ? query : forTarget(query),
  ]);
  const headers: [string, string][] = [];
  if (draft.contentType !== null) headers.push(['Content-Type', draft.contentType]);
  if (draft.authorization !== null) headers.push(['Authorization', draft.authorization]);
  if (draft.cookie !== null) headers.push(['Cookie', draft.cookie]);
  headers.push(...draft.headers);
  const body = draft.form !== null ? joinPairs(draft.form, draft.joiner) : (draft.rawBody ?? Buffer.alloc(0));
  return { method, target, headers, body, ...(draft.chunkSize !== null ? { chunkSize: draft.chunkSize } : {}) };
}
