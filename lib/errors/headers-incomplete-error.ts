import { VerificationError } from './verification-error.js';

/** The answer lacks one of `Wechatpay-Nonce`, `Wechatpay-Serial`, `Wechatpay-Signature`, `Wechatpay-Timestamp`. */
export class HeadersIncompleteError extends VerificationError {}
