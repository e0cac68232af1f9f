import type { Context, Middleware } from 'koa';
import { OAuth2Error, readFormBody, setPageSecurityHeaders, UnsupportedContentEncodingError } from '../lib/index.js';
import { decodeForm } from '../lib/oauth2/index.js';

/** A parsed form: a field sent more than once keeps all its values, so that `formField` can refuse it. */
export type FormFields = Record<string, string | string[]>;

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** Answer a body that cannot be read with a short plain-text reason; the view is not run. */
function refuse(ctx: Context, status: 400 | 413 | 415, reason: string): void {
  setPageSecurityHeaders(ctx);
  ctx.status = status;
  ctx.type = 'text/plain; charset=utf-8';
  ctx.body = reason;
}

/**
 * Return the fields of a form body, or null when it is not well-formed: broken or non-UTF-8 percent-encoding, an
 * unencoded character or a NUL (the toolkit's strict form decoder, which `URLSearchParams` is not).
 */
export function parseForm(text: string): FormFields | null {
  let pairs: ReturnType<typeof decodeForm>;
  try {
    pairs = decodeForm(text, 'the form');
  } catch (error) {
    if (error instanceof OAuth2Error) return null;
    throw error;
  }
  // No prototype: a field named `__proto__` or `constructor` is a field like any other.
  const fields: FormFields = Object.create(null) as FormFields;
  for (const [name, value] of pairs) {
    const previous = fields[name];
    fields[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return fields;
}

/** Return why the request's body cannot be a form of the example's pages, with its status, or null when it can. */
function unacceptable(ctx: Context): [415, string] | null {
  if (ctx.request.is(FORM_MEDIA_TYPE) === false) return [415, `The body must be ${FORM_MEDIA_TYPE}.`];
  const charset = ctx.request.charset.toLowerCase();
  if (charset !== '' && charset !== 'utf-8') return [415, 'The body must be UTF-8.'];
  return null;
}

/**
 * Read the body of the example's HTML forms (login, logout): `application/x-www-form-urlencoded` in UTF-8, without a
 * content coding, within the toolkit's size limit (its `readFormBody`), with well-formed percent-encoding. The fields
 * go on `ctx.request.body` for the view. Any other body is answered here with 400, 413 or 415, never a 500.
 */
export function formBody(): Middleware {
  return async (ctx, next) => {
    // Only a POST carries a form here; without a body (`is()` answers null), or an empty one, the view refuses it.
    if (ctx.method !== 'POST' || ctx.request.is() === null || ctx.request.length === 0) return next();
    const problem = unacceptable(ctx);
    if (problem) return refuse(ctx, ...problem);
    let text: string | null;
    try {
      text = await readFormBody(ctx);
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      // RFC 9110 §15.5.16, RFC 7694: a 415 for a content coding says which coding is accepted.
      if (error instanceof UnsupportedContentEncodingError) ctx.set('Accept-Encoding', 'identity');
      return refuse(ctx, error.status as 400 | 413 | 415, error.description || 'The body cannot be read.');
    }
    const fields = parseForm(text ?? '');
    if (fields === null) return refuse(ctx, 400, 'The body is not well-formed percent-encoded UTF-8.');
    (ctx.request as { body?: unknown }).body = fields;
    return next();
  };
}
