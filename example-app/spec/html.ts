/** Reading the example app's rendered forms in its specs, as a browser would submit them. */

/** The value of the hidden CSRF input on a page. */
export function csrfFrom(html: string): string {
  const match = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** The hidden inputs of the first form on a page, by name. */
export function hiddenInputs(html: string): Record<string, string> {
  const unescape = (value: string): string =>
    value
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[match[1]!] = unescape(match[2]!);
  }
  return fields;
}
