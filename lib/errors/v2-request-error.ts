import { WechatpayError } from './wechatpay-error.js';

/**
 * APIv2 request data that cannot be signed and sent as given: a `mch_id`/`mchid`/`combine_mch_id` that is not the
 * configured merchant ID, a `sign_type` other than exactly `MD5` or `HMAC-SHA256`, or a value that is `false`,
 * nested or not text. Raised before anything is sent; the message says what to change.
 *
 * PHP throws an `InvalidArgumentException` for the merchant ID only; it sends an empty `<sign>` for an unknown
 * sign type and signs `false` as `k=` and nested values as `Array` (wechatpay-php defects 5 and 6).
 */
export class V2RequestError extends WechatpayError {
  /** The key of the `xml` (or GET query) data at fault, e.g. `mch_id` or `sign_type`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}
