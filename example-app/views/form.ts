import type { Context } from 'koa';

/**
 * Return the string value of a parsed form field; a field sent more than once (`formBody` keeps all its values)
 * counts as missing rather than reaching the code as a surprise type.
 */
export function formField(ctx: Context, name: string): string | undefined {
  // `formBody` puts the parsed form here, as body parsers do.
  const body = (ctx.request as { body?: unknown }).body;
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** Return the string value of a query parameter, ignoring repeated ones. */
export function queryField(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return typeof value === 'string' ? value : undefined;
}
