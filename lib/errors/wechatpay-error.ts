/**
 * The base class of every error this SDK throws or rejects with.
 *
 * `instanceof WechatpayError` catches anything of ours; each subclass adds the fields a
 * caller needs to act on that failure. No error ever carries a private key, an APIv2/APIv3
 * key or an `Authorization` signature.
 */
export class WechatpayError extends Error {
  /** Creates an error with a message and, optionally, the underlying cause. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
