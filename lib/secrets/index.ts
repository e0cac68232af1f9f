/** Client secret hashing: fast for generated secrets, slow for typed ones, DOT's PBKDF2 verified and rehashed. */
export {
  hashSecret,
  checkSecret,
  checkPlainSecret,
  failedSecretCheck,
  isHashedSecret,
  SCRYPT_CHANNEL,
} from './hash.js';
export type { HashSecretOptions, SecretCheck, ScryptRun } from './hash.js';
export { verifyClientSecret } from './verify.js';
export type { ClientSecretHolder } from './verify.js';
