/** Reading the toolkit's rendered pages as a browser would: the hidden inputs of a form, unescaped. */

/** Decode the few HTML entities nunjucks' autoescape writes into attribute values. */
export function unescapeHtml(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Return the hidden inputs of a rendered form (the CSRF token among them), unescaping what nunjucks escaped. */
export function hiddenInputs(html: string): Record<string, string> {
  const inputs = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)];
  return Object.fromEntries(inputs.map((m) => [m[1] ?? '', unescapeHtml(m[2] ?? '')]));
}
