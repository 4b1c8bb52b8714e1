import { WechatpayError } from './wechatpay-error.js';

/**
 * The client's configuration is unusable (thrown synchronously by `Builder.factory`), or a request needs a part
 * of the configuration that the client was not given (for example an APIv3 call on an APIv2-only client).
 * `setting` names the configuration key to fix.
 */
export class ConfigError extends WechatpayError {
  /** The configuration key at fault, e.g. `privateKey`. */
  readonly setting: string;

  constructor(setting: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.setting = setting;
  }
}
