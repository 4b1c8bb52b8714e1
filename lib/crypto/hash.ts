import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error.js';

/** The APIv2 `sign_type` value for MD5 signatures (PHP `Hash::ALGO_MD5`). */
export const ALGO_MD5 = 'MD5';

/** The APIv2 `sign_type` value for HMAC-SHA256 signatures (PHP `Hash::ALGO_HMAC_SHA256`). */
export const ALGO_HMAC_SHA256 = 'HMAC-SHA256';

/** An APIv2 `sign_type` accepted by {@link Hash.sign}: exactly `'MD5'` or `'HMAC-SHA256'` (case-sensitive). */
export type SignType = typeof ALGO_MD5 | typeof ALGO_HMAC_SHA256;

/** Tells whether `x` is one of the two APIv2 sign types, spelled exactly (so `'md5'` is not). */
export function isSignType(x: unknown): x is SignType {
  return x === ALGO_MD5 || x === ALGO_HMAC_SHA256;
}

/**
 * The APIv2 message digests and signatures, mirroring wechatpay-php's `WeChatPay\Crypto\Hash`.
 *
 * Strings are hashed as their UTF-8 bytes. All digests are hex; {@link Hash.sign} upper-cases them
 * as the APIv2 `sign` field expects.
 */
export class Hash {
  /** Same as the module constant {@link ALGO_MD5}. */
  static readonly ALGO_MD5 = ALGO_MD5;

  /** Same as the module constant {@link ALGO_HMAC_SHA256}. */
  static readonly ALGO_HMAC_SHA256 = ALGO_HMAC_SHA256;

  /**
   * Lower-case hex MD5 of `thing`, followed by `&key=<key>` when `key` is non-empty, or by
   * `&secret=<key>` when `agency` is also true (Work-WeChat `workwx_sign`).
   *
   * With an empty `key` this is the plain MD5 of `thing`, even when `agency` is true (as in PHP).
   * `md5(apiv2Key)` is also the AES-256-ECB key of the refund notification's `req_info`.
   */
  static md5(thing: string, key = '', agency = false): string {
    const message = key === '' ? thing : `${thing}&${agency ? 'secret' : 'key'}=${key}`;
    return createHash('md5').update(message, 'utf8').digest('hex');
  }

  /**
   * Lower-case hex HMAC of `thing + '&key=' + key`, keyed with `key` itself: the key is both
   * appended to the message and used as the HMAC key, so this differs from a plain HMAC of `thing`.
   *
   * Deviation from PHP: an empty `key` throws a {@link CryptoError} instead of PHP's `ValueError`,
   * and so does a digest `algorithm` that Node's crypto does not know.
   *
   * @param algorithm - a Node digest name such as `'sha256'` (the default), `'sha384'` or `'md5'`.
   */
  static hmac(thing: string, key: string, algorithm = 'sha256'): string {
    if (key === '') {
      throw new CryptoError('The APIv2 key must not be empty for an HMAC signature.');
    }
    return hmacHex(algorithm, key, `${thing}&key=${key}`);
  }

  /**
   * The upper-case hex APIv2 signature of `data` (the sorted `k=v&…` string without the key):
   * `'MD5'` uses {@link Hash.md5}, `'HMAC-SHA256'` uses {@link Hash.hmac} with SHA-256.
   *
   * Deviation from PHP: any other `type` (including a lower-case spelling) throws a
   * {@link CryptoError} naming the allowed types, where PHP returns `null` and would send an
   * empty `<sign>`. The key is not validated here beyond what `md5`/`hmac` do; callers check
   * that the APIv2 key is configured.
   */
  static sign(type: string, data: string, key: string): string {
    if (type === ALGO_MD5) return Hash.md5(data, key).toUpperCase();
    if (type === ALGO_HMAC_SHA256) return Hash.hmac(data, key, 'sha256').toUpperCase();
    throw new CryptoError(`Unsupported APIv2 sign type "${type}", it must be one of ${ALGO_MD5} or ${ALGO_HMAC_SHA256}.`);
  }

  /**
   * Compares a known string with a user-supplied one in constant time (PHP `hash_equals`).
   *
   * `null`/`undefined` → `false`; inputs whose UTF-8 byte lengths differ → `false` at once;
   * otherwise `crypto.timingSafeEqual`. Case-sensitive; `equals('', '')` is `true`.
   */
  static equals(known: string, user?: string | null): boolean {
    if (user === null || user === undefined) return false;
    const a = Buffer.from(known, 'utf8');
    const b = Buffer.from(user, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** Lower-case hex HMAC of `message`, turning Node's unknown-digest error into a {@link CryptoError}. */
function hmacHex(algorithm: string, key: string, message: string): string {
  try {
    return createHmac(algorithm, key).update(message, 'utf8').digest('hex');
  } catch (cause) {
    throw new CryptoError(`Unsupported HMAC digest algorithm "${algorithm}".`, { cause });
  }
}
