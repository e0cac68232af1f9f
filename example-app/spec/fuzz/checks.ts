/**
 * What no answer may be or contain, whatever was sent: a 5xx, no answer at all, a stack trace, SQL or a database
 * error, or a path of the server's files. The generated inputs never contain these texts, so an answer that echoes
 * its input cannot trip them by accident.
 */
import type { RawResponse } from './raw-http.js';

/** The named texts that mean an answer leaks internals. */
const LEAKS: readonly (readonly [string, RegExp])[] = [
  ['stack trace', /\bat (?:async )?[\w$.<>[\]]+ \([^()\n]*:\d+:\d+\)|\n\s+at \S+:\d+:\d+/],
  ['error class', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|AssertionError|DriverException)\b/],
  ['SQL', /\b(?:select|insert into|update|delete from)\b[^<>\n]{0,200}"(?:o\d|oauth2_provider_\w+|example_app\w*)"/i],
  ['table name', /\boauth2_provider_(?:application|accesstoken|refreshtoken|grant|idtoken)\b/],
  [
    'database error',
    /syntax error at or near|violates [\w ]+ constraint|duplicate key value|invalid input syntax for|relation "\w+"|column "\w+"/,
  ],
  ['driver name', /\b(?:MikroORM|knex|PGlite|pg-protocol|node-postgres)\b/i],
  ['file path', /node_modules|file:\/\/|\/(?:work|home|usr|tmp|root)\/\S|\.(?:ts|js|mjs):\d+/],
];

/** A problem with one answer. */
export interface AnswerProblem {
  readonly kind: string;
  readonly detail: string;
}

/** Return what is wrong with an answer, or null; `cwd` is the server's working directory (never to be shown). */
export function checkAnswer(response: RawResponse, cwd: string): AnswerProblem | null {
  if (response.status === 0) return { kind: 'no answer', detail: response.head.slice(0, 200) };
  if (response.status >= 500) return { kind: `status ${response.status}`, detail: excerpt(response.body, 0) };
  const text = `${response.head}\r\n\r\n${response.body.toString('latin1')}`;
  if (text.includes(cwd)) return { kind: 'file path', detail: excerpt(response.body, text.indexOf(cwd)) };
  for (const [kind, pattern] of LEAKS) {
    const match = pattern.exec(text);
    if (match !== null) return { kind, detail: text.slice(Math.max(0, match.index - 80), match.index + 160) };
  }
  return null;
}

function excerpt(body: Buffer, at: number): string {
  return body.toString('latin1').slice(Math.max(0, at - 80), at + 300);
}
