import { EventEmitter } from 'node:events';

/** A value check with the type it expects, for `ImproperlyConfigured` messages. */
export interface Check {
  expected: string;
  test(value: unknown): boolean;
}

const check = (expected: string, test: (v: unknown) => boolean): Check => ({ expected, test });

/** true or false. */
export const bool = check('a boolean', (v) => typeof v === 'boolean');
/** A string (possibly empty). */
export const str = check('a string', (v) => typeof v === 'string');
/** A non-empty string. */
export const nonEmptyStr = check('a non-empty string', (v) => typeof v === 'string' && v !== '');
/** A whole number ≥ 0. */
export const seconds = check('a non-negative integer', (v) => Number.isSafeInteger(v) && (v as number) >= 0);
/** A number ≥ 0 (fractions allowed, as Python's `time.sleep` takes them). */
export const nonNegative = check('a non-negative number', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0);
/** A whole number ≥ 1. */
export const positiveInt = check('a positive integer', (v) => Number.isSafeInteger(v) && (v as number) >= 1);
/** A function. */
export const fn = check('a function', (v) => typeof v === 'function');
/** An array of strings. */
export const strings = check('an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
/** A `{ name: description }` object. */
export const stringRecord = check(
  'an object of strings',
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v as object).every((s) => typeof s === 'string'),
);
/** A node:events EventEmitter. */
export const emitter = check('an EventEmitter', (v) => v instanceof EventEmitter);
/** An object with `warn` and `error` methods, or undefined. */
export const logger = check(
  'an object with warn() and error() methods, or undefined',
  (v) =>
    v === undefined ||
    (typeof v === 'object' &&
      v !== null &&
      typeof (v as { warn?: unknown }).warn === 'function' &&
      typeof (v as { error?: unknown }).error === 'function'),
);

/** A throttling store: an object with `now()`, `blockedUntil()` and `recordFailure()` methods. */
export const throttleStore = check(
  'an object with now(), blockedUntil() and recordFailure() methods',
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    ['now', 'blockedUntil', 'recordFailure'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
);

/** Accept null besides what `inner` accepts. */
export function orNull(inner: Check): Check {
  return check(`${inner.expected} or null`, (v) => v === null || inner.test(v));
}

/** Accept either check. */
export function either(a: Check, b: Check): Check {
  return check(`${a.expected} or ${b.expected}`, (v) => a.test(v) || b.test(v));
}

/** Accept one of `values`. */
export function oneOf(values: readonly string[]): Check {
  return check(`one of ${values.map((v) => `'${v}'`).join(', ')}`, (v) => values.includes(v as string));
}

/** Accept an array whose items are each one of `values`. */
export function subsetOf(values: readonly string[]): Check {
  return check(
    `an array of ${values.map((v) => `'${v}'`).join(', ')}`,
    (v) => Array.isArray(v) && v.every((s) => values.includes(s as string)),
  );
}
