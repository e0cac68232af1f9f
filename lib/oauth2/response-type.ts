/**
 * A `response_type` is a space-delimited set of values: "the order of the values does not matter" (OAuth 2.0
 * Multiple Response Type Encoding Practices §5), so `id_token code` is `code id_token`. Every comparison of response
 * types goes through here; the grants and discovery keep their canonical spellings.
 */

/** Return the values of a response type sorted, as one key; null when a value is empty or repeated (malformed). */
function valueKey(responseType: string): string | null {
  const values = responseType.split(' ');
  if (values.includes('') || new Set(values).size !== values.length) return null;
  return values.sort().join(' ');
}

/** Return whether two response types name the same set of values. */
export function sameResponseType(a: string, b: string): boolean {
  const key = valueKey(a);
  return key !== null && key === valueKey(b);
}

/** Return the spelling in `known` of the response type `sent` (values in any order), or null when none matches. */
export function findResponseType(sent: string | null | undefined, known: Iterable<string>): string | null {
  if (!sent) return null;
  for (const type of known) if (sameResponseType(sent, type)) return type;
  return null;
}

/** Return whether a response type includes `value` (`code`, `token`, `id_token`). */
export function hasResponseValue(responseType: string | null | undefined, value: string): boolean {
  return (responseType ?? '').split(' ').includes(value);
}
