import { InvalidRequestError } from './errors.js';

/** One decoded `name=value` pair of a form-urlencoded string, in wire order. */
export type FormPair = readonly [name: string, value: string];

// RFC 3986 unreserved + reserved + '%' is all a query or form body may hold; anything else (a raw space, a quote,
// a control character) means the client did not encode, so refuse it the way oauthlib's urldecode does.
const ALLOWED = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%[\]]*$/;

/**
 * Decode an `application/x-www-form-urlencoded` string strictly: `+` is a space, `%XX` must be valid hex and
 * valid UTF-8 (RFC 6749 Appendix B). Anything else throws `InvalidRequestError`, never a plain `Error`.
 */
export function decodeForm(input: string, where = 'request'): FormPair[] {
  if (input === '') return [];
  if (!ALLOWED.test(input)) throw new InvalidRequestError(`Invalid characters in ${where}.`);
  const pairs: FormPair[] = [];
  for (const part of input.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    pairs.push([decodeComponent(rawName, where), decodeComponent(rawValue, where)]);
  }
  return pairs;
}

/**
 * Decode one form-urlencoded component (`+` → space, `%XX`), throwing `InvalidRequestError` on bad encoding or a
 * NUL, which no parameter's syntax allows (RFC 6749 Appendix A) and PostgreSQL cannot store in text.
 */
export function decodeComponent(raw: string, where = 'request'): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new InvalidRequestError(`Invalid percent-encoding in ${where}.`);
  }
  if (decoded.includes('\0')) throw new InvalidRequestError(`Invalid characters in ${where}.`);
  return decoded;
}

/** Encode pairs as `application/x-www-form-urlencoded` (spaces as `%20`, which every decoder accepts). */
export function encodeForm(params: Readonly<Record<string, string | undefined | null>>): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join('&');
}
