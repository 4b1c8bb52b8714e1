import { WechatpayError } from './wechatpay-error.js';

/**
 * An upload could not be prepared (`MediaUtil`): the file cannot be read, the `sha256` of a stream source is
 * missing or malformed, the meta is not a JSON object, or a single-use stream was asked for twice. The message
 * says what to change.
 */
export class MediaError extends WechatpayError {}
