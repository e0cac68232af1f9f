import { randomInt } from 'node:crypto';

/** The 20 consonants of RFC 8628 §6.1: no vowels (no words), none easily mistaken for another. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
/** Characters in a generated user code (RFC 8628 §6.1's example: 8 of 20, about 34.5 bits). */
export const USER_CODE_LENGTH = 8;

/** Return a user code of 8 characters of `BCDFGHJKLMNPQRSTVWXZ` from the CSPRNG (RFC 8628 §6.1). */
export function generateUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return code;
}

/**
 * Return the form a user code is stored and compared in: upper case, without the dashes and spaces a user may type
 * (RFC 8628 §6.1: entry is case-insensitive and ignores punctuation).
 */
export function normalizeUserCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Return the form shown to the user: `XXXX-XXXX` for an 8-character code, other lengths as they are. */
export function displayUserCode(code: string): string {
  const normal = normalizeUserCode(code);
  return normal.length === USER_CODE_LENGTH ? `${normal.slice(0, 4)}-${normal.slice(4)}` : normal;
}
