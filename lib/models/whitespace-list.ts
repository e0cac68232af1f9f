/**
 * Split a whitespace-separated list as an administrator types it (redirect URIs, origins, a command line's scopes),
 * DOT's `str.split()`: runs of any whitespace separate, none of them counts. Never for a scope from the wire, which
 * follows the core's RFC 6749 §3.3 rule.
 */
export function splitWhitespace(value: string | null | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((s) => s !== '');
}
