import type { Context } from 'koa';

import { ImproperlyConfigured } from '../errors.js';
import { decodeForm, InvalidRequestError, mediaType, OAuth2Error, type FormPair } from '../oauth2/index.js';
import { requestState } from '../request-state.js';

/** The largest form body an OAuth endpoint reads (64 KiB): far above any real token request. */
export const FORM_BODY_LIMIT = 64 * 1024;

/** Where the raw text of a form body is kept for the rest of the request (the view's handler may read it again). */
export const RAW_BODY_STATE_KEY = 'oauth2RawBody';

/** koa-body's `includeUnparsed` symbol: the raw text when koa-body consumed the stream first. */
const UNPARSED = Symbol.for('unparsedBody');

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** `invalid_request` answered with 413: the form body is larger than `FORM_BODY_LIMIT` (RFC 9110 §15.5.14). */
export class RequestBodyTooLargeError extends InvalidRequestError {
  override readonly status = 413;
}

/**
 * `invalid_request` answered with 415: the body comes in a content coding the endpoint does not decode
 * (RFC 9110 §15.5.16); a form body must be sent as it is.
 */
export class UnsupportedContentEncodingError extends InvalidRequestError {
  override readonly status = 415;
}

/** Return whether the request says its body is `application/x-www-form-urlencoded`. */
export function isFormRequest(ctx: Context): boolean {
  const type = ctx.get('content-type');
  return type !== '' && mediaType(type) === FORM_MEDIA_TYPE;
}

/**
 * Return the raw text of a form-encoded body, or null for any other body (the core then refuses it where a form
 * is required). Read once from the stream with a size limit and kept on `ctx.state.oauth2RawBody`; the handler
 * after a protection check finds it there, and, when no body parser ran, parsed on `ctx.request.body` (the Koa
 * convention) — the stream itself cannot be read twice. When an app-wide koa-body read the stream first, the text
 * comes from its `includeUnparsed` copy (`ctx.request.rawBody` in koa-body 7+, `Symbol.for('unparsedBody')` before);
 * without that copy this throws `ImproperlyConfigured` rather than silently reading an empty body.
 *
 * The outcome, an error included, is kept for the request: a second reader gets the same answer.
 *
 * @throws RequestBodyTooLargeError (413), UnsupportedContentEncodingError (415) or InvalidRequestError (400), all
 *   `invalid_request`, for a malformed body
 */
export async function readFormBody(ctx: Context, limit = FORM_BODY_LIMIT): Promise<string | null> {
  const cached: unknown = ctx.state[RAW_BODY_STATE_KEY];
  if (typeof cached === 'string') return cached;
  // The stream cannot be read twice: a second reader gets the first one's answer, errors included.
  const state = requestState(ctx);
  state.formBody ??= readOnce(ctx, limit);
  return state.formBody;
}

/**
 * Return the form body's parameters decoded strictly (RFC 6749 Appendix B, the core's decoder), read and decoded
 * once per request; null when the body is not a form.
 *
 * @throws OAuth2Error (400, 413 or 415 `invalid_request`) for a body that cannot be read or decoded
 */
export async function readFormPairs(ctx: Context): Promise<readonly FormPair[] | null> {
  const text = await readFormBody(ctx);
  if (text === null) return null;
  const state = requestState(ctx);
  state.formPairs ??= decodeForm(text, 'request body');
  return state.formPairs;
}

/**
 * Return why the request's form body cannot be used (too large, content-coded, not UTF-8, badly encoded), or null
 * when it can or there is none: for a check that must answer a malformed body before looking at credentials.
 */
export async function formBodyError(ctx: Context): Promise<OAuth2Error | null> {
  try {
    await readFormPairs(ctx);
    return null;
  } catch (error) {
    if (error instanceof OAuth2Error) return error;
    throw error;
  }
}

/** Read the body (see `readFormBody`) and keep its text on `ctx.state`. */
async function readOnce(ctx: Context, limit: number): Promise<string | null> {
  if (!isFormRequest(ctx)) return null;
  let text = fromBodyParser(ctx);
  if (text === null) {
    text = await readStream(ctx, limit);
    const request = ctx.request as { body?: unknown };
    request.body ??= Object.fromEntries(new URLSearchParams(text));
  }
  ctx.state[RAW_BODY_STATE_KEY] = text;
  return text;
}

/**
 * Return the fields of the form body, or null when there is none or it cannot be read: for a look at the request
 * beside the core, which answers an unreadable body itself.
 */
export async function readFormFields(ctx: Context): Promise<URLSearchParams | null> {
  try {
    const body = await readFormBody(ctx);
    return body === null ? null : new URLSearchParams(body);
  } catch (error) {
    if (error instanceof OAuth2Error) return null;
    throw error;
  }
}

/** Return a body parser's raw copy when one ran first; throw when it ran without keeping one. */
function fromBodyParser(ctx: Context): string | null {
  const request = ctx.request as { body?: unknown; rawBody?: unknown };
  const consumed = ctx.req.readableEnded || ctx.req.readableFlowing === true;
  if (request.body === undefined && !consumed) return null;
  const parsed = request.body;
  const symbolCopy =
    parsed !== null && typeof parsed === 'object' ? (parsed as Record<symbol, unknown>)[UNPARSED] : null;
  const raw = typeof request.rawBody === 'string' ? request.rawBody : symbolCopy;
  if (typeof raw === 'string') return raw;
  if (Buffer.isBuffer(raw)) return decodeUtf8(raw);
  // A body parser read the stream and kept no raw copy: the form's duplicates and order are lost for good.
  throw new ImproperlyConfigured(
    'The request body was consumed by a body parser before the OAuth endpoint could read it: mount koaBody() ' +
      'with { includeUnparsed: true } (the toolkit then reads its raw copy), or do not run a body parser on the ' +
      'OAuth routes.',
  );
}

/** Read the request stream up to `limit` bytes and decode it as UTF-8. */
async function readStream(ctx: Context, limit: number): Promise<string> {
  const encoding = (ctx.get('content-encoding') || 'identity').trim().toLowerCase();
  if (encoding !== 'identity') {
    ctx.req.resume();
    throw new UnsupportedContentEncodingError('Content-Encoding is not supported here.');
  }
  const declared = Number(ctx.get('content-length') || '0');
  if (declared > limit) {
    ctx.req.resume(); // drain, so that the 413 reaches the client instead of a reset connection
    throw new RequestBodyTooLargeError('The request body is too large.');
  }
  const buffer = await collect(ctx.req, limit);
  return decodeUtf8(buffer);
}

/** Collect a stream into a buffer, refusing more than `limit` bytes; the rest is drained, not destroyed. */
function collect(stream: Context['req'], limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size <= limit) {
        chunks.push(buffer);
        return;
      }
      cleanup();
      stream.resume();
      reject(new RequestBodyTooLargeError('The request body is too large.'));
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (): void => {
      cleanup();
      reject(new InvalidRequestError('The request body could not be read.'));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}

/** Decode UTF-8 strictly: a body that is not UTF-8 is malformed (RFC 6749 Appendix B). */
function decodeUtf8(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new InvalidRequestError('The request body is not valid UTF-8.');
  }
}
