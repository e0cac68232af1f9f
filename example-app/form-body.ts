import type { Context, Middleware } from 'koa';
import { OAuth2Error, readFormBody, setPageSecurityHeaders } from '../lib/index.js';

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

/** Decode one name or value as a form does, throwing `URIError` on a broken escape or escaped bytes not UTF-8. */
function decode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** Return the fields of a form body, or null when its percent-encoding is broken (`URLSearchParams` hides that). */
export function parseForm(text: string): FormFields | null {
  // No prototype: a field named `__proto__` or `constructor` is a field like any other.
  const fields: FormFields = Object.create(null) as FormFields;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const at = pair.indexOf('=');
    let name: string;
    let value: string;
    try {
      name = decode(at === -1 ? pair : pair.slice(0, at));
      value = at === -1 ? '' : decode(pair.slice(at + 1));
    } catch {
      return null;
    }
    const previous = fields[name];
    fields[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return fields;
}

/** Return why the request's body cannot be a form of the example's pages, with its status, or null when it can. */
function unacceptable(ctx: Context): [415, string] | null {
  const coding = ctx.get('content-encoding').trim().toLowerCase();
  if (coding !== '' && coding !== 'identity') {
    // RFC 9110 §15.5.16, RFC 7694: say which coding is accepted.
    ctx.set('Accept-Encoding', 'identity');
    return [415, 'Content-Encoding is not supported here.'];
  }
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
      return refuse(ctx, error.status === 413 ? 413 : 400, error.description ?? 'The body cannot be read.');
    }
    const fields = parseForm(text ?? '');
    if (fields === null) return refuse(ctx, 400, 'The body is not well-formed percent-encoded UTF-8.');
    (ctx.request as { body?: unknown }).body = fields;
    return next();
  };
}
