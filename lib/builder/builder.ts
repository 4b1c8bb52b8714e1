import type { ClientConfig } from '../config.js';
import { ClientDecorator } from '../decorator.js';
import { createRoot } from './node.js';
import type { Root } from './types.js';

/**
 * The entry point, as PHP's `WeChatPay\Builder`: `Builder.factory(config)` validates the configuration
 * (synchronously, with PHP's messages), parses every key once and returns the root node of the chain.
 *
 * ```ts
 * const wxpay = Builder.factory({ mchid, serial, privateKey, certs });
 * await wxpay.v3.businesscircle.parkings.post({ json });
 * ```
 */
export class Builder {
  private constructor() {
    // static only, as PHP's Builder
  }

  /** Builds a client. @throws ConfigError for an unusable configuration. */
  static factory(config: ClientConfig): Root {
    return createRoot(new ClientDecorator(config));
  }
}
