/**
 * RFC 6749 §3.3, the one scope rule of the toolkit: `scope = scope-token *( SP scope-token )` with
 * `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`. The order of the tokens carries no meaning, nor do duplicates.
 * Inside, scopes are a `readonly string[]`; a space-separated string only on the wire and in storage.
 */

const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Return whether `value` is one RFC 6749 §3.3 scope-token (printable ASCII but SP, `"` and `\`). */
export function isScopeToken(value: string): boolean {
  return SCOPE_TOKEN.test(value);
}

/**
 * Split a scope string on single spaces, each piece once, in order of first appearance. What the grammar refuses
 * stays visible (an empty piece for a doubled, leading or trailing space; a tab inside its piece), so that the grant
 * refuses it as `invalid_scope`, as oauthlib's `scope_to_list` leads to, instead of mending it silently.
 */
export function splitScope(scope: string | null | undefined): readonly string[] {
  if (!scope) return [];
  return [...new Set(scope.split(' '))];
}

/** Join scopes canonically, for the wire and for storage: each once, separated by one space. */
export function joinScope(scopes: Iterable<string>): string {
  return [...new Set(scopes)].filter((scope) => scope !== '').join(' ');
}

/** Return whether every scope of `scopes` is well-formed (RFC 6749 §3.3), for the `invalid_scope` check. */
export function scopesWellFormed(scopes: readonly string[]): boolean {
  return scopes.every(isScopeToken);
}

/** Return whether `granted` covers every scope of `wanted` (order and duplicates aside; nothing wanted is covered). */
export function scopesCover(granted: readonly string[], wanted: Iterable<string>): boolean {
  const have = new Set(granted);
  for (const scope of wanted) if (!have.has(scope)) return false;
  return true;
}
