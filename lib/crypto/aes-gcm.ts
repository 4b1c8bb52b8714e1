import { createCipheriv, createDecipheriv } from 'node:crypto';
import { CryptoError } from '../errors/crypto-error.js';
import {
  ALGO_AES_256_GCM,
  AUTH_TAG_LENGTH_BYTE,
  MSG_DECRYPT_FAILED,
  MSG_ENCRYPT_FAILED,
  fromBase64,
  guard,
  toAesKey,
  toBytes,
} from './aes.js';
import type { AesBytes } from './aes.js';

/** PHP's message when the base64-decoded input is too short to hold an authentication tag. */
export const MSG_TAG_INCOMPLETE =
  'The inputs `ciphertext` incomplete, the bytes length must be one of 16, 15, 14, 13, 12, 8 or 4.';

/**
 * AES-256-GCM, mirroring wechatpay-php's `WeChatPay\Crypto\AesGcm`: the cipher of APIv3
 * notification `resource` payloads and of `/v3/certificates` `encrypt_certificate`.
 *
 * The key is the APIv3 key, exactly 32 bytes; the IV (WeChat's `nonce`) may have any non-empty
 * length; the AAD is WeChat's `associated_data`. String inputs are taken as UTF-8 bytes.
 * Every failure is a {@link CryptoError}.
 */
export class AesGcm {
  /**
   * Encrypts `plaintext` and returns `base64(ciphertext ‖ 16-byte tag)`.
   *
   * A key that is not exactly 32 bytes throws (deviation from PHP, which pads or truncates).
   * An empty IV, or one Node's crypto refuses, throws with PHP's encrypt message.
   */
  static encrypt(plaintext: AesBytes, key: AesBytes, iv: AesBytes, aad: AesBytes = ''): string {
    const keyBytes = toAesKey(key);
    const ivBytes = toBytes(iv);
    if (ivBytes.length === 0) throw new CryptoError(MSG_ENCRYPT_FAILED);
    return guard(MSG_ENCRYPT_FAILED, () => {
      const cipher = createCipheriv(ALGO_AES_256_GCM, keyBytes, ivBytes, { authTagLength: AUTH_TAG_LENGTH_BYTE });
      cipher.setAAD(toBytes(aad));
      const head = cipher.update(toBytes(plaintext));
      const tail = cipher.final();
      return Buffer.concat([head, tail, cipher.getAuthTag()]).toString('base64');
    });
  }

  /**
   * Decrypts `base64(ciphertext ‖ tag)` and returns the plaintext decoded as UTF-8.
   * Use {@link AesGcm.decryptToBuffer} for binary plaintexts. Throws as that method does.
   */
  static decrypt(ciphertext: string, key: AesBytes, iv: AesBytes, aad: AesBytes = ''): string {
    return AesGcm.decryptToBuffer(ciphertext, key, iv, aad).toString('utf8');
  }

  /**
   * Decrypts `base64(ciphertext ‖ tag)` and returns the authenticated plaintext bytes.
   *
   * - malformed base64 or a failed authentication (wrong key, IV or AAD, tampered data) throws
   *   with PHP's decrypt message and the underlying error as `cause`;
   * - input shorter than 16 bytes throws with PHP's tag-length message.
   *
   * Deviation from PHP: the full 16-byte tag is always required. PHP accepts a truncated tag of
   * 12–15, 8 or 4 bytes when the input is that short; truncated tags weaken authentication.
   */
  static decryptToBuffer(ciphertext: string, key: AesBytes, iv: AesBytes, aad: AesBytes = ''): Buffer {
    const keyBytes = toAesKey(key);
    const data = fromBase64(ciphertext);
    if (data.length < AUTH_TAG_LENGTH_BYTE) throw new CryptoError(MSG_TAG_INCOMPLETE);
    const split = data.length - AUTH_TAG_LENGTH_BYTE;
    return guard(MSG_DECRYPT_FAILED, () => {
      const decipher = createDecipheriv(ALGO_AES_256_GCM, keyBytes, toBytes(iv), { authTagLength: AUTH_TAG_LENGTH_BYTE });
      decipher.setAuthTag(data.subarray(split));
      decipher.setAAD(toBytes(aad));
      return Buffer.concat([decipher.update(data.subarray(0, split)), decipher.final()]);
    });
  }
}
