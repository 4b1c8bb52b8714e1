/**
 * A pass-through stream that digests what flows through it and fails at the end when the digest is not the one
 * announced.
 *
 * @module
 */

import { createHash, getHashes, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DigestMismatchError } from '../errors/digest-mismatch-error.js';

/**
 * The Node hash name of a WeChat Pay `hash_type` (`SHA1` → `sha1`, `SHA256` → `sha256`, `SM3` → `sm3` where
 * OpenSSL has it).
 *
 * @param hashType - WeChat Pay's name
 * @throws TypeError for a hash Node does not know
 */
export function hashName(hashType: string): string {
  const name = hashType.toLowerCase().replace(/^sha-/, 'sha');
  if (!getHashes().includes(name)) throw new TypeError(`Unsupported hash_type ${JSON.stringify(hashType)}: Node knows no ${name} digest.`);
  return name;
}

/**
 * Passes every byte through unchanged while digesting it; at the end, errors with a {@link DigestMismatchError}
 * instead of finishing when the digest is not `expected` (hex, any case). Downstream has then received every byte
 * but must not trust them: a pipeline destroys it with the error.
 */
export class DigestCheck extends Transform {
  /** The algorithm, as WeChat Pay names it. */
  readonly hashType: string;
  /** The digest announced, lower-case hex. */
  readonly expected: string;
  readonly #hash: Hash;
  #bytes = 0;

  /**
   * @param hashType - WeChat Pay's `hash_type` (`SHA1`)
   * @param expected - WeChat Pay's `hash_value`
   * @throws TypeError for an unknown `hash_type`
   */
  constructor(hashType: string, expected: string) {
    super();
    this.#hash = createHash(hashName(hashType));
    this.hashType = hashType;
    this.expected = expected.toLowerCase();
  }

  /** How many bytes went through so far. */
  get bytes(): number {
    return this.#bytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const actual = this.#hash.digest('hex');
    callback(actual === this.expected ? null : new DigestMismatchError(this.hashType, this.expected, actual, this.#bytes));
  }
}
