import naclUtil from 'tweetnacl-util';
import { CryptoError } from '../errors/crypto-error.js';

/** The AES block size in bytes (PHP `AesInterface::BLOCK_SIZE`). */
export const BLOCK_SIZE = 16;

/** The AES-256 key length in bytes (PHP `AesInterface::KEY_LENGTH_BYTE`). */
export const KEY_LENGTH_BYTE = 32;

/** The AES-GCM authentication tag length in bytes (PHP `AesInterface::AUTH_TAG_LENGTH_BYTE`, deprecated there). */
export const AUTH_TAG_LENGTH_BYTE = 16;

/** The cipher name of AES-256-GCM, used for APIv3 notifications and platform certificates. */
export const ALGO_AES_256_GCM = 'aes-256-gcm';

/** The cipher name of AES-256-ECB, used for the APIv2 refund notification's `req_info`. */
export const ALGO_AES_256_ECB = 'aes-256-ecb';

/** AES input that is either a string (taken as its UTF-8 bytes) or raw bytes. */
export type AesBytes = string | Uint8Array;

/** PHP's message when encryption fails (e.g. an empty or unusable IV). */
export const MSG_ENCRYPT_FAILED =
  'Encrypting the input plaintext failed, please checking your `key` and `iv` whether or nor correct.';

/** PHP's message when decryption or authentication fails. */
export const MSG_DECRYPT_FAILED =
  'Decrypting the input ciphertext failed, please checking your `key` and `iv` whether or nor correct.';

/** Turns a string into its UTF-8 bytes; passes bytes through unchanged. */
export function toBytes(input: AesBytes): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

/**
 * Returns the bytes of an AES-256 key, which must be exactly {@link KEY_LENGTH_BYTE} (32) bytes:
 * the APIv3 key as 32 ASCII characters, or the APIv2-derived key `Hash.md5(apiv2Key)`.
 *
 * Deviation from PHP: PHP NUL-pads short keys and truncates long ones; this throws a
 * {@link CryptoError} instead. The message gives the length only, never the key.
 */
export function toAesKey(key: AesBytes): Uint8Array {
  const bytes = toBytes(key);
  if (bytes.length !== KEY_LENGTH_BYTE) {
    throw new CryptoError(
      `The AES key (the APIv3 key, or the key derived from the APIv2 key) must be exactly ${KEY_LENGTH_BYTE} bytes, got ${bytes.length} bytes.`,
    );
  }
  return bytes;
}

/**
 * Decodes a strictly formed standard base64 ciphertext (padded, no whitespace, no URL-safe
 * alphabet). Malformed input throws a {@link CryptoError} with {@link MSG_DECRYPT_FAILED}.
 */
export function fromBase64(ciphertext: string): Uint8Array {
  return guard(MSG_DECRYPT_FAILED, () => naclUtil.decodeBase64(ciphertext));
}

/**
 * Runs a cipher operation, re-throwing any failure as a {@link CryptoError} with `message` and
 * the original error as `cause`.
 */
export function guard<T>(message: string, operation: () => T): T {
  try {
    return operation();
  } catch (cause) {
    throw new CryptoError(message, { cause });
  }
}
