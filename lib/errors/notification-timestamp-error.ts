import { NotificationError, type NotificationErrorOptions } from './notification-error.js';

/**
 * An APIv3 callback's `Wechatpay-Timestamp` is further from the local clock than allowed (±300 s by default), or is
 * not a number: a replayed callback, or a server clock that needs NTP.
 */
export class NotificationTimestampError extends NotificationError {
  /** The `Wechatpay-Timestamp` header as received. */
  readonly timestamp: string;
  /** The local clock, in Unix seconds, when it was checked. */
  readonly now: number;

  constructor(message: string, timestamp: string, now: number, options?: NotificationErrorOptions) {
    super(message, options);
    this.timestamp = timestamp;
    this.now = now;
  }
}
