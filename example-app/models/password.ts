import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// node:crypto's scrypt with options, as a promise (util.promisify loses the options overload's types).
function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const ALGORITHM = 'scrypt';
// OWASP's scrypt floor is N=2^17 with r=8; 2^15 keeps a login near 50 ms on a small demo machine. The
// parameters are stored in each hash, so raising them later only affects new passwords.
const COST = 2 ** 15;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Upper bounds for parameters read back from the database, so a tampered row cannot exhaust memory.
const MAX_COST = 2 ** 20;
const MAX_BLOCK_SIZE = 16;
const MAX_PARALLELISM = 4;

function maxmem(cost: number, blockSize: number, parallelism: number): number {
  // scrypt needs 128·N·r bytes for V plus 128·r·p for B; Node refuses anything above maxmem (32 MiB default).
  return 128 * cost * blockSize + 128 * blockSize * parallelism + 1024 * 1024;
}

/** Hash a password as `scrypt$N$r$p$<salt base64>$<key base64>` with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await scrypt(password, salt, KEY_LENGTH, {
    N: COST,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: maxmem(COST, BLOCK_SIZE, PARALLELISM),
  });
  return [ALGORITHM, COST, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Check a password against a hash from `hashPassword()` in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== ALGORITHM) return false;
  const [cost, blockSize, parallelism] = parts.slice(1, 4).map((part) => Number(part));
  if (!isParameter(cost, MAX_COST) || !isParameter(blockSize, MAX_BLOCK_SIZE)) return false;
  if (!isParameter(parallelism, MAX_PARALLELISM) || (cost & (cost - 1)) !== 0) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length === 0 || expected.length === 0) return false;
  const actual = await scrypt(password, salt, expected.length, {
    N: cost,
    r: blockSize,
    p: parallelism,
    maxmem: maxmem(cost, blockSize, parallelism),
  });
  return timingSafeEqual(actual, expected);
}

function isParameter(value: number | undefined, max: number): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 1 && value <= max;
}

let dummyHash: Promise<string> | undefined;

/** Return a valid hash of a random password, checked when no user matches so timing does not reveal usernames. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
