import { WechatpayError } from './wechatpay-error.js';

/** What was not passed as received: the callback's `headers`, or its raw `body`. */
export type NotificationInput = 'headers' | 'body';

/**
 * A callback was not handed over as it was received: no headers object, or a body that is not the raw bytes or text
 * (no body was read, or a JSON body parser already turned it into an object). A fault of the receiving code, not of
 * the callback, so it is not a `NotificationError` (which says the callback was refused): answer with a server error
 * (WeChat Pay will retry) and fix the route.
 */
export class NotificationInputError extends WechatpayError {
  /** What was not passed as received. */
  readonly input: NotificationInput;

  constructor(message: string, input: NotificationInput) {
    super(message);
    this.input = input;
  }
}
