import { isLoopbackIpUri } from './redirect-uri.js';

/** What a registered URI may contain (DOT's `AllowedURIValidator` options). */
export interface UriRules {
  /** Allowed schemes, lower case. */
  schemes: readonly string[];
  /** The field's label in messages, e.g. 'redirect uri'. */
  name: string;
  allowPath?: boolean;
  allowQuery?: boolean;
  /** Accept `http` for a loopback IP literal even when 'http' is not in `schemes` (RFC 8252 §7.3, RFC 9700 §2.6). */
  allowHttpLoopback?: boolean;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;

/** Return why `value` is not an acceptable URI under `rules`, or null when it is (DOT's message shapes). */
export function uriError(value: string, rules: UriRules): string | null {
  const m = SCHEME.exec(value);
  const scheme = m?.[1]?.toLowerCase() ?? '';
  const rest = m?.[2] ?? '';
  const loopbackHttp = rules.allowHttpLoopback === true && scheme === 'http' && isLoopbackIpUri(value);
  if (!m || (!rules.schemes.includes(scheme) && !loopbackHttp)) {
    return `${rules.name} URI Validation error. invalid_scheme: ${value}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${rules.name} URI validation error. invalid uri: ${value}`;
  }
  if (/\s/.test(value)) return `${rules.name} URI validation error. invalid uri: ${value}`;
  const hierarchical = rest.startsWith('//');
  if (hierarchical && url.hostname === '') return `${rules.name} URI validation error. missing host: ${value}`;
  if (url.username !== '' || url.password !== '' || (hierarchical && /^\/\/[^/?#]*@/.test(rest))) {
    return `${rules.name} URI validation error. userinfo not allowed: ${value}`;
  }
  if (!rules.allowQuery && value.includes('?'))
    return `${rules.name} URI validation error. query string not allowed: ${value}`;
  if (value.includes('#')) return `${rules.name} URI validation error. fragment not allowed: ${value}`;
  if (!rules.allowPath && hierarchical && url.pathname !== '/' && url.pathname !== '') {
    return `${rules.name} URI validation error. path not allowed: ${value}`;
  }
  if (!rules.allowPath && !hierarchical) return `${rules.name} URI validation error. path not allowed: ${value}`;
  return null;
}
