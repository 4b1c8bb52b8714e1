import type { KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa.js';

/** The outcome of checking a WeChat Pay signature: whether it verified, and why not when the key itself failed. */
export interface SignatureVerdict {
  readonly verified: boolean;
  readonly cause?: unknown;
}

/**
 * Checks a WeChat Pay signature (an APIv3 answer's or a callback's): SHA256withRSA over
 * `TIMESTAMP\nNONCE\nBODY\n`, with the exact body bytes. A missing key (a `null` placeholder) does not verify; a key
 * that cannot be used is reported as the `cause`.
 */
export function verifySignature(key: KeyObject | null | undefined, timestamp: string, nonce: string, body: Uint8Array, signature: string): SignatureVerdict {
  if (key === null || key === undefined) return { verified: false };
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]);
  try {
    return { verified: Rsa.verify(message, signature, key) };
  } catch (cause) {
    return { verified: false, cause };
  }
}
