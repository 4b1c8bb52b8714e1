import { createCipheriv, createDecipheriv } from 'node:crypto';
import { ALGO_AES_256_ECB, MSG_DECRYPT_FAILED, MSG_ENCRYPT_FAILED, fromBase64, guard, toAesKey, toBytes } from './aes.js';
import type { AesBytes } from './aes.js';

/**
 * AES-256-ECB with PKCS#7 padding and base64 text, mirroring wechatpay-php's
 * `WeChatPay\Crypto\AesEcb`. Its one use is the APIv2 refund notification's `req_info`, whose
 * key is `Hash.md5(apiv2Key)`: the 32-character lower-case hex string used as 32 bytes.
 *
 * ECB has no IV; the `iv` parameters are accepted and ignored for parity with PHP. ECB has no
 * integrity either: a wrong key is detected only through the padding check, which a random
 * wrong key passes about once in 256 tries. Every failure is a {@link CryptoError}.
 */
export class AesEcb {
  /**
   * Encrypts `plaintext` (a string is taken as UTF-8) and returns the base64 ciphertext.
   * `''` encrypts to one full padding block. A key that is not exactly 32 bytes throws
   * (deviation from PHP, which pads or truncates).
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `iv` is accepted and ignored for PHP parity
  static encrypt(plaintext: AesBytes, key: AesBytes, iv?: unknown): string {
    const keyBytes = toAesKey(key);
    return guard(MSG_ENCRYPT_FAILED, () => {
      const cipher = createCipheriv(ALGO_AES_256_ECB, keyBytes, null);
      return Buffer.concat([cipher.update(toBytes(plaintext)), cipher.final()]).toString('base64');
    });
  }

  /**
   * Decrypts a base64 ciphertext and returns the plaintext decoded as UTF-8.
   * Use {@link AesEcb.decryptToBuffer} for binary plaintexts. Throws as that method does.
   */
  static decrypt(ciphertext: string, key: AesBytes, iv?: unknown): string {
    return AesEcb.decryptToBuffer(ciphertext, key, iv).toString('utf8');
  }

  /**
   * Decrypts a base64 ciphertext and returns the plaintext bytes. Malformed base64, a length
   * that is not a whole number of blocks, or bad padding (usually a wrong key) throws with
   * PHP's decrypt message and the underlying error as `cause`.
   */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- `iv` is accepted and ignored for PHP parity
  static decryptToBuffer(ciphertext: string, key: AesBytes, iv?: unknown): Buffer {
    const keyBytes = toAesKey(key);
    const data = fromBase64(ciphertext);
    return guard(MSG_DECRYPT_FAILED, () => {
      const decipher = createDecipheriv(ALGO_AES_256_ECB, keyBytes, null);
      return Buffer.concat([decipher.update(data), decipher.final()]);
    });
  }
}
