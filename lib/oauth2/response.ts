/** A plain HTTP response the core returns; the Koa layer copies it onto `ctx`. */
export interface OAuth2Response {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent; empty for redirects and for successful revocation (RFC 7009 §2.2). */
  readonly body: string;
}

/** Headers of every token-endpoint answer, errors included (RFC 6749 §5.1, §5.2). */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  pragma: 'no-cache',
});

/** Build a JSON response with `no-store` caching headers. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): OAuth2Response {
  return {
    status,
    headers: { 'content-type': 'application/json', ...NO_STORE_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** Build a public JSON document (metadata, discovery, JWKS): any origin may read it (RFC 9700 §2.6). */
export function publicJsonResponse(body: unknown, headers: Readonly<Record<string, string>> = {}): OAuth2Response {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'access-control-allow-origin': '*', ...headers },
    body: JSON.stringify(body),
  };
}

/** Build a 302 redirect (RFC 6749 §4.1.2); `no-store` keeps codes and tokens out of caches. */
export function redirectResponse(location: string): OAuth2Response {
  return { status: 302, headers: { location, ...NO_STORE_HEADERS }, body: '' };
}
