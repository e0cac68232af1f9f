import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { OpenIDConfigurationError } from './configuration-error.js';
import type { ResolvedServerOptions } from '../options.js';

/** The asymmetric algorithms whose keys come from the settings (HS256 uses each client's secret). */
export type AsymmetricAlgorithm = 'RS256' | 'ES256';

/** A parsed signing key: the private key, and its public JWK with `kid` (RFC 7638 thumbprint), `alg` and `use`. */
export interface SigningKey {
  readonly alg: AsymmetricAlgorithm;
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicJwk: JWK;
  /** Whether it signs new tokens (false: kept in the JWKS only, so tokens it signed still verify). */
  readonly active: boolean;
}

/** A JSON Web Key Set (RFC 7517 §5) of public keys. */
export interface Jwks {
  keys: JWK[];
}

interface KeySource {
  readonly pem: string;
  readonly alg: AsymmetricAlgorithm;
  readonly active: boolean;
  readonly setting: string;
}

/**
 * The provider's ID token keys from `oidcRsaPrivateKey`, `oidcEcPrivateKey` and their `...Inactive` lists,
 * parsed once (PKCS#8, PKCS#1 or SEC1 PEM). A key that does not parse or has the wrong type or size is an
 * `OpenIDConfigurationError` (`ERR_IMPROPERLY_CONFIGURED`) at construction, not at the first login.
 *
 * @example
 * const keys = new KeyStore(resolveOptions({ oidcRsaPrivateKey: pem }));
 * const { keys: published } = await keys.jwks();
 */
export class KeyStore {
  readonly #sources: KeySource[];
  readonly #objects: KeyObject[];
  #keys: Promise<SigningKey[]> | null = null;

  constructor(options: ResolvedServerOptions) {
    const sources: KeySource[] = [];
    const add = (pem: string | null, alg: AsymmetricAlgorithm, active: boolean, setting: string): void => {
      if (pem) sources.push({ pem, alg, active, setting });
    };
    add(options.oidcRsaPrivateKey, 'RS256', true, 'oidcRsaPrivateKey');
    for (const pem of options.oidcRsaPrivateKeysInactive) add(pem, 'RS256', false, 'oidcRsaPrivateKeysInactive');
    add(options.oidcEcPrivateKey, 'ES256', true, 'oidcEcPrivateKey');
    for (const pem of options.oidcEcPrivateKeysInactive) add(pem, 'ES256', false, 'oidcEcPrivateKeysInactive');
    this.#sources = sources;
    this.#objects = sources.map(parseKey);
  }

  /** The algorithms an active key can sign with. */
  get algorithms(): AsymmetricAlgorithm[] {
    return this.#sources.filter((s) => s.active).map((s) => s.alg);
  }

  /** Return every key, active first, with its public JWK (computed once). */
  keys(): Promise<SigningKey[]> {
    this.#keys ??= Promise.all(this.#sources.map((source, i) => describe(source, this.#objects[i] as KeyObject)));
    return this.#keys;
  }

  /** Return the active key for `alg`, or null when none is configured. */
  async signingKey(alg: AsymmetricAlgorithm): Promise<SigningKey | null> {
    return (await this.keys()).find((key) => key.active && key.alg === alg) ?? null;
  }

  /** Return the public JWKS: active and inactive keys, never a private part, never an HS256 secret. */
  async jwks(): Promise<Jwks> {
    const seen = new Set<string>();
    const keys: JWK[] = [];
    for (const key of await this.keys()) {
      // The same key listed twice (active and inactive) is published once: kids must be unique.
      if (seen.has(key.kid)) continue;
      seen.add(key.kid);
      keys.push(key.publicJwk);
    }
    return { keys };
  }
}

/** Parse one PEM private key and check that it suits its algorithm (RSA ≥2048 bits; EC on P-256). */
function parseKey(source: KeySource): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(source.pem);
  } catch (error) {
    throw new OpenIDConfigurationError(`${source.setting} is not a PEM private key.`, { cause: error });
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (source.alg === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa' || (details.modulusLength ?? 0) < 2048) {
      throw new OpenIDConfigurationError(`${source.setting} must be an RSA private key of at least 2048 bits.`);
    }
  } else if (key.asymmetricKeyType !== 'ec' || details.namedCurve !== 'prime256v1') {
    throw new OpenIDConfigurationError(`${source.setting} must be an EC private key on the P-256 curve.`);
  }
  return key;
}

/** Build the public JWK of a key, with its RFC 7638 thumbprint as `kid`. */
async function describe(source: KeySource, privateKey: KeyObject): Promise<SigningKey> {
  const jwk = await exportJWK(createPublicKey(privateKey));
  const kid = await calculateJwkThumbprint(jwk, 'sha256');
  return {
    alg: source.alg,
    kid,
    privateKey,
    publicJwk: { ...jwk, kid, alg: source.alg, use: 'sig' },
    active: source.active,
  };
}
