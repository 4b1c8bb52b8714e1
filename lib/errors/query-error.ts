import { WechatpayError } from './wechatpay-error.js';

/**
 * A `query` value has no text form to send (a function, a symbol, bytes, an invalid Date, a circular or too deeply
 * nested object). Raised before anything is signed or sent.
 */
export class QueryError extends WechatpayError {
  /** Where the value sits, as it would be sent: `a[b][0]`. */
  readonly key: string;

  constructor(message: string, key: string) {
    super(message);
    this.key = key;
  }
}
