import { WechatpayError } from './wechatpay-error.js';

/**
 * A sensitive field (敏感信息) could not be encrypted or decrypted: the value at its path is not text, there is no
 * usable platform key to encrypt with, or the ciphertext does not decrypt with the merchant private key. `field`
 * names the path; the message never contains the value.
 */
export class SensitiveFieldError extends WechatpayError {
  /** The field's path, e.g. `contact_info.contact_id_number` (empty when the problem is the key). */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.field = field;
  }
}
