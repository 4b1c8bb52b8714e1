import {
  KeyObject,
  X509Certificate,
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import naclUtil from 'tweetnacl-util';
import { CryptoError } from '../errors/crypto-error.js';
import { KeyFileError } from '../errors/key-file-error.js';
import { fileReference, keyFileError, privateKeyFromFile, readKeyFile } from '../util/key-file.js';

/** PHP's message when a signature cannot be made. */
const SIGN_FAILED = 'Signing the input message failed, please checking your `privateKey` whether or nor correct.';

/** The bytes a signature covers: a string as UTF-8. */
function bytesOf(message: string | Uint8Array): Uint8Array {
  return typeof message === 'string' ? Buffer.from(message) : message;
}

/** `'public'` or `'private'`: which half of an RSA key `Rsa.from` should load. */
export type KeyType = 'public' | 'private';

/**
 * Anything `Rsa.from` can turn into a key: a `KeyObject`, an `X509Certificate`, a PEM string or Buffer,
 * a `file://` URL (string or `URL`), a pseudo-protocol string (`private.pkcs1://<b64>`, `private.pkcs8://<b64>`,
 * `public.pkcs1://<b64>`, `public.spki://<b64>`), or `[pemOrFileUrl, passphrase]` for an encrypted private key.
 */
export type KeyLike = KeyObject | X509Certificate | string | Buffer | URL | readonly [string | Buffer, string];

const PSEUDO_PROTOCOLS = {
  'private.pkcs1': { kind: 'private', type: 'pkcs1' },
  'private.pkcs8': { kind: 'private', type: 'pkcs8' },
  'public.pkcs1': { kind: 'public', type: 'pkcs1' },
  'public.spki': { kind: 'public', type: 'spki' },
} as const;

type PseudoProtocol = keyof typeof PSEUDO_PROTOCOLS;

function isPseudoProtocol(scheme: string): scheme is PseudoProtocol {
  return Object.hasOwn(PSEUDO_PROTOCOLS, scheme);
}

/** PHP `gettype()`-like naming of an input, for the `Cannot load …` message. */
function typeName(thing: unknown): string {
  if (thing === null) return 'NULL';
  if (Array.isArray(thing)) return 'array';
  if (Buffer.isBuffer(thing)) return 'Buffer';
  if (thing instanceof KeyObject) return 'KeyObject';
  if (thing instanceof X509Certificate) return 'X509Certificate';
  if (thing instanceof URL) return 'URL';
  return typeof thing;
}

/** The subject of `Rsa.from`'s messages: PHP's `Cannot load privateKey from(string)`. */
function subjectOf(type: KeyType, thing: unknown): string {
  return `Cannot load ${type}Key from(${typeName(thing)})`;
}

function cannotLoad(type: KeyType, thing: unknown, cause: unknown): CryptoError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CryptoError(`${subjectOf(type, thing)}, please take care about the input: ${reason}.`, { cause });
}

/** Loads the key in a file (`file://…` or a file URL), with errors that name the file. */
function fromFile(type: KeyType, subject: string, reference: string | URL, passphrase?: string): KeyObject {
  const setting = type === 'private' ? 'privateKey' : 'certs';
  const file = fileReference(reference);
  const pem = readKeyFile(setting, subject, file);
  if (type === 'private') return privateKeyFromFile(setting, subject, file, pem, passphrase);
  try {
    return createPublicKey(pem);
  } catch (cause) {
    throw keyFileError(setting, subject, file, 'not-pem', 'holds no PEM public key or certificate (such as pub_key.pem, or a platform certificate).', cause);
  }
}

function fromDerBase64(type: KeyType, scheme: PseudoProtocol, b64: string): KeyObject {
  const spec = PSEUDO_PROTOCOLS[scheme];
  const der = Buffer.from(b64.replace(/\s+/g, ''), 'base64');
  if (spec.kind === 'private') {
    const key = createPrivateKey({ key: der, format: 'der', type: spec.type });
    return type === 'public' ? createPublicKey(key) : key;
  }
  if (type === 'private') throw new Error('a public key cannot be loaded as a private key');
  return createPublicKey({ key: der, format: 'der', type: spec.type });
}

function fromPem(type: KeyType, pem: string | Buffer, passphrase?: string): KeyObject {
  if (type === 'private') return createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
  return createPublicKey(pem);
}

function load(type: KeyType, thing: KeyLike): KeyObject {
  const subject = subjectOf(type, thing);
  if (thing instanceof KeyObject) {
    if (thing.type === 'secret') throw new Error('a secret key is not an RSA key');
    if (type === 'private' && thing.type !== 'private') throw new Error('a public key cannot be loaded as a private key');
    return type === 'public' && thing.type === 'private' ? createPublicKey(thing) : thing;
  }
  if (thing instanceof X509Certificate) {
    if (type === 'private') throw new Error('a certificate holds no private key');
    return thing.publicKey;
  }
  if (thing instanceof URL) return fromFile(type, subject, thing);
  if (Array.isArray(thing)) {
    const [pemOrUrl, given] = thing as readonly [string | Buffer, string];
    const passphrase = given === '' ? undefined : given;
    if (typeof pemOrUrl === 'string' && pemOrUrl.startsWith('file://')) return fromFile(type, subject, pemOrUrl, passphrase);
    return fromPem(type, pemOrUrl, passphrase);
  }
  if (Buffer.isBuffer(thing)) return fromPem(type, thing);
  if (typeof thing !== 'string') throw new Error('unsupported input');
  if (thing.startsWith('file://')) return fromFile(type, subject, thing);
  const scheme = /^([a-z0-9.]+):\/\//.exec(thing)?.[1];
  if (scheme !== undefined) {
    if (!isPseudoProtocol(scheme)) throw new Error(`unknown scheme ${scheme}://`);
    return fromDerBase64(type, scheme, thing.slice(scheme.length + 3));
  }
  if (!thing.includes('-----BEGIN ')) throw new Error('not a PEM string (a file is named `file:///absolute/path.pem`)');
  return fromPem(type, thing);
}

/**
 * RSA key loading, SHA256withRSA signatures and RSA-OAEP encryption, mirroring PHP's `WeChatPay\Crypto\Rsa`.
 * Load keys once (`Rsa.from`) and pass the `KeyObject`s around: parsing a PEM costs more than signing with it.
 */
export class Rsa {
  /** `'public'` */
  static readonly KEY_TYPE_PUBLIC = 'public' as const;
  /** `'private'` */
  static readonly KEY_TYPE_PRIVATE = 'private' as const;

  /**
   * Loads a key. Accepts every form of {@link KeyLike}; a certificate yields its public key, and a private key
   * asked for as `'public'` yields its public half. A plain path without `file://` is refused (as in PHP).
   * @throws KeyFileError (a `ConfigError`) for a `file://` path or file URL that is missing, unreadable, not a key, or
   * an encrypted key the passphrase does not open: the message names the file and what is wrong.
   * @throws CryptoError `Cannot load privateKey from(string), please take care about the input: <why>.` for anything
   * else (PHP's words; where PHP prints a literal `$thing`, the reason is given).
   */
  static from(thing: KeyLike, type: KeyType = Rsa.KEY_TYPE_PRIVATE): KeyObject {
    try {
      const key = load(type, thing);
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${String(key.asymmetricKeyType)} key is not an RSA key`);
      return key;
    } catch (cause) {
      if (cause instanceof KeyFileError) throw cause;
      throw cannotLoad(type, thing, cause);
    }
  }

  /** Loads a bare base64 PKCS#1 key (no PEM envelope): private by default, public with `'public'`. */
  static fromPkcs1(b64: string, type: KeyType = Rsa.KEY_TYPE_PRIVATE): KeyObject {
    return Rsa.from(`${type === Rsa.KEY_TYPE_PUBLIC ? 'public' : 'private'}.pkcs1://${b64}`, type);
  }

  /** Loads a bare base64 PKCS#8 private key. */
  static fromPkcs8(b64: string): KeyObject {
    return Rsa.from(`private.pkcs8://${b64}`);
  }

  /** Loads a bare base64 SPKI public key. */
  static fromSpki(b64: string): KeyObject {
    return Rsa.from(`public.spki://${b64}`, Rsa.KEY_TYPE_PUBLIC);
  }

  /** Converts a bare base64 PKCS#1 public key into bare base64 SPKI (`MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA…` for 2048 bits). */
  static pkcs1ToSpki(b64: string): string {
    const key = Rsa.fromPkcs1(b64, Rsa.KEY_TYPE_PUBLIC);
    return key.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  /**
   * SHA256withRSA (PKCS#1 v1.5) signature of `message`, base64-encoded.
   * @throws CryptoError (PHP's words, `Signing the input message failed, please checking your …`, without
   * the literal `$` PHP prints before the names).
   */
  static sign(message: string | Uint8Array, privateKey: KeyLike): string {
    try {
      return naclUtil.encodeBase64(cryptoSign('sha256', bytesOf(message), Rsa.#privateKey(privateKey)));
    } catch (cause) {
      throw new CryptoError(SIGN_FAILED, { cause });
    }
  }

  /**
   * `Rsa.sign` computed in libuv's threadpool (`crypto.sign` with a callback), so the event loop stays free while
   * the RSA operation runs; the same signature.
   * @throws CryptoError (as a rejection) with `Rsa.sign`'s message when the key cannot sign.
   */
  static signAsync(message: string | Uint8Array, privateKey: KeyLike): Promise<string> {
    return new Promise((resolve, reject) => {
      try {
        cryptoSign('sha256', bytesOf(message), Rsa.#privateKey(privateKey), (error, signature) => {
          if (error === null) resolve(naclUtil.encodeBase64(signature));
          else reject(new CryptoError(SIGN_FAILED, { cause: error }));
        });
      } catch (cause) {
        reject(new CryptoError(SIGN_FAILED, { cause }));
      }
    });
  }

  /**
   * Whether `signature` (base64) is a valid SHA256withRSA signature of `message`. A wrong or malformed
   * signature returns `false`.
   * @throws CryptoError (PHP's `Verified the input message failed, …`) when the key is unusable.
   */
  static verify(message: string | Uint8Array, signature: string, publicKey: KeyLike): boolean {
    let key: KeyObject;
    try {
      key = publicKey instanceof KeyObject ? publicKey : Rsa.from(publicKey, Rsa.KEY_TYPE_PUBLIC);
    } catch (cause) {
      throw new CryptoError('Verified the input message failed, please checking your `publicKey` whether or nor correct.', { cause });
    }
    let raw: Uint8Array;
    try {
      raw = naclUtil.decodeBase64(signature);
    } catch {
      return false;
    }
    const data = bytesOf(message);
    try {
      return cryptoVerify('sha256', data, key, raw);
    } catch (cause) {
      throw new CryptoError('Verified the input message failed, please checking your `publicKey` whether or nor correct.', { cause });
    }
  }

  /**
   * RSA-OAEP (SHA-1, MGF1-SHA1, as WeChat Pay requires) encryption of a sensitive field, base64-encoded.
   * A 2048-bit key takes at most 214 bytes of plaintext.
   * @throws CryptoError for any padding other than OAEP, an unusable key or an oversized plaintext.
   */
  static encrypt(plaintext: string | Uint8Array, publicKey: KeyLike, padding: number = constants.RSA_PKCS1_OAEP_PADDING): string {
    assertOaep(padding);
    try {
      const key = publicKey instanceof KeyObject ? publicKey : Rsa.from(publicKey, Rsa.KEY_TYPE_PUBLIC);
      const data = typeof plaintext === 'string' ? Buffer.from(plaintext) : plaintext;
      return publicEncrypt({ key, padding, oaepHash: 'sha1' }, data).toString('base64');
    } catch (cause) {
      throw new CryptoError('Encrypting the input plaintext failed, please checking your `publicKey` whether or nor correct.', { cause });
    }
  }

  /**
   * RSA-OAEP (SHA-1, MGF1-SHA1) decryption of a base64 ciphertext into UTF-8 text.
   * @throws CryptoError for any padding other than OAEP, an unusable key or a ciphertext that does not decrypt.
   */
  static decrypt(ciphertext: string, privateKey: KeyLike, padding: number = constants.RSA_PKCS1_OAEP_PADDING): string {
    assertOaep(padding);
    try {
      const key = Rsa.#privateKey(privateKey);
      return privateDecrypt({ key, padding, oaepHash: 'sha1' }, Buffer.from(ciphertext, 'base64')).toString('utf8');
    } catch (cause) {
      throw new CryptoError('Decrypting the input ciphertext failed, please checking your `privateKey` whether or nor correct.', { cause });
    }
  }

  /** A private key as a `KeyObject`: as it is when it already is one, else through `Rsa.from`. */
  static #privateKey(privateKey: KeyLike): KeyObject {
    return privateKey instanceof KeyObject ? privateKey : Rsa.from(privateKey);
  }
}

function assertOaep(padding: number): void {
  if (padding !== constants.RSA_PKCS1_OAEP_PADDING) {
    throw new CryptoError(
      `Here's only support the OPENSSL_PKCS1_OAEP_PADDING(4) mode, yours(${padding}). PKCS#1 v1.5 decryption is unsafe (CVE-2023-46809) and Node refuses it.`,
    );
  }
}
