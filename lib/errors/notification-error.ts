import { WechatpayError } from './wechatpay-error.js';

/** What every {@link NotificationError} may carry besides its message. */
export interface NotificationErrorOptions {
  /** The underlying error, e.g. the `CryptoError` of a failed decryption. */
  readonly cause?: unknown;
  /** The callback's `Request-ID` header, when it had one. */
  readonly requestId?: string | undefined;
}

/**
 * A callback (回调通知) was refused: it cannot be proven to come from WeChat Pay, or it cannot be read.
 * Answer WeChat Pay with a failure (it will retry) and do not act on the content.
 *
 * Unlike `VerificationError`, which is about an answer to a request the client made, a notification error carries
 * no `WechatpayResponse`: the callback is an incoming request. Subclasses name the cause; the message never contains
 * a key, a decrypted plaintext or the body.
 */
export class NotificationError extends WechatpayError {
  /** The callback's `Request-ID` (APIv3), to quote to WeChat Pay support; `undefined` when absent or for APIv2. */
  readonly requestId: string | undefined;

  constructor(message: string, options: NotificationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.requestId = options.requestId;
  }
}
