import { X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { Rsa, type KeyLike } from '../crypto/rsa.js';
import { ConfigError } from '../errors/config-error.js';
import { KeyFileError } from '../errors/key-file-error.js';
import { retarget } from '../util/key-file.js';

/**
 * The public keys that verify WeChat Pay's answers, by `Wechatpay-Serial`: platform certificate serials and/or
 * WeChat Pay public key IDs (`PUB_KEY_ID_…`), several at once during a switch. Mutable at runtime
 * (`set` after downloading a new certificate), unlike PHP's by-reference array.
 */
export class PlatformKeys {
  readonly #keys = new Map<string, KeyObject | null>();
  readonly #expiry = new Map<string, Date>();

  /** Loads every entry once; `null` is allowed as a placeholder (it verifies nothing). */
  constructor(entries: Readonly<Record<string, KeyLike | null>> = {}) {
    for (const [serial, key] of Object.entries(entries)) this.set(serial, key);
  }

  /** Adds or replaces a key. */
  set(serial: string, key: KeyLike | null): this {
    this.#keys.set(serial, key === null ? null : Rsa.from(key, Rsa.KEY_TYPE_PUBLIC));
    const expiry = key === null ? undefined : certificateExpiry(key);
    if (expiry === undefined) this.#expiry.delete(serial);
    else this.#expiry.set(serial, expiry);
    return this;
  }

  /** When the certificate set under `serial` expires (`undefined` for a public key, a placeholder or an unknown serial). */
  expiresAt(serial: string): Date | undefined {
    return this.#expiry.get(serial);
  }

  /** The key for a serial (`undefined` when unknown, `null` for a placeholder). */
  get(serial: string): KeyObject | null | undefined {
    return this.#keys.get(serial);
  }

  /** Whether the serial is configured (exact, case-sensitive). */
  has(serial: string): boolean {
    return this.#keys.has(serial);
  }

  /** Removes a key. */
  delete(serial: string): boolean {
    this.#expiry.delete(serial);
    return this.#keys.delete(serial);
  }

  /** The configured serials, in insertion order. */
  serials(): string[] {
    return [...this.#keys.keys()];
  }

  /** Shows the serials only. */
  [inspect.custom](): string {
    return `PlatformKeys { ${this.serials().join(', ')} }`;
  }
}

/** The end of validity of a key given as a certificate (X509Certificate, PEM text or bytes, `file://` path); else `undefined`. */
function certificateExpiry(key: KeyLike): Date | undefined {
  if (key instanceof X509Certificate) return new Date(key.validTo);
  let material: string | Buffer | undefined = typeof key === 'string' || Buffer.isBuffer(key) ? key : undefined;
  try {
    const file = key instanceof URL ? key : typeof material === 'string' && material.startsWith('file://') ? material : undefined;
    if (file !== undefined) material = readFileSync(fileURLToPath(file));
    if (material === undefined || !material.includes('-----BEGIN CERTIFICATE-----')) return undefined;
    return new Date(new X509Certificate(material).validTo);
  } catch {
    return undefined;
  }
}

/**
 * Loads a `certs` setting (serial or `PUB_KEY_ID_…` → key, certificate, or `null`) once into {@link PlatformKeys}.
 * @throws ConfigError naming the entry that cannot be loaded.
 */
export function loadPlatformKeys(certs: Readonly<Record<string, unknown>>): PlatformKeys {
  const keys = new PlatformKeys();
  for (const [serial, key] of Object.entries(certs)) {
    try {
      keys.set(serial, key as KeyLike | null);
    } catch (cause) {
      if (cause instanceof KeyFileError) throw retarget(cause, 'certs', `The \`certs\` entry \`${serial}\``);
      throw new ConfigError('certs', `The \`certs\` entry \`${serial}\` could not be loaded as a public key or certificate (use a PEM string, a Buffer, a KeyObject or a file:// path).`, { cause });
    }
  }
  return keys;
}
