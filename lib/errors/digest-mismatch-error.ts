import { WechatpayError } from './wechatpay-error.js';

/**
 * A downloaded file does not have the digest WeChat Pay announced (a bill's `hash_type`/`hash_value`): the file
 * was truncated, corrupted or tampered with in transit. The partial output has been removed (or the stream you
 * gave was destroyed with this error); download the bill again with a fresh `download_url`.
 */
export class DigestMismatchError extends WechatpayError {
  /** The digest algorithm, as WeChat Pay names it (`SHA1`). */
  readonly algorithm: string;
  /** The digest WeChat Pay announced (`hash_value`), lower-case hex. */
  readonly expected: string;
  /** The digest of the bytes received, lower-case hex. */
  readonly actual: string;
  /** How many bytes the digest covered. */
  readonly bytes: number;

  constructor(algorithm: string, expected: string, actual: string, bytes: number) {
    super(`The ${algorithm} digest of the ${bytes} bytes downloaded is ${actual}, but WeChat Pay announced ${expected}: the file is incomplete or corrupted. Request a new download_url and download it again.`);
    this.algorithm = algorithm;
    this.expected = expected;
    this.actual = actual;
    this.bytes = bytes;
  }
}
