import { NotificationError, type NotificationErrorOptions } from './notification-error.js';

/**
 * An APIv3 callback lacks one or more of `Wechatpay-Nonce`, `Wechatpay-Serial`, `Wechatpay-Signature` and
 * `Wechatpay-Timestamp`: it was not sent by WeChat Pay, or a proxy dropped the headers.
 */
export class NotificationHeadersError extends NotificationError {
  /** The missing header names, in their canonical spelling. */
  readonly missing: readonly string[];

  constructor(message: string, missing: readonly string[], options?: NotificationErrorOptions) {
    super(message, options);
    this.missing = missing;
  }
}
