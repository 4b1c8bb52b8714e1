import { NotificationError, type NotificationErrorOptions } from './notification-error.js';

/**
 * An APIv3 callback's `Wechatpay-Serial` names no key in `certs`: configure the WeChat Pay public key under its
 * `PUB_KEY_ID_…`, or the platform certificate with that serial (during a key switch, both).
 */
export class NotificationSerialError extends NotificationError {
  /** The `Wechatpay-Serial` header as received. */
  readonly serial: string;

  constructor(message: string, serial: string, options?: NotificationErrorOptions) {
    super(message, options);
    this.serial = serial;
  }
}
