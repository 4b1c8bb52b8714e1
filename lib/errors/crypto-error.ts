import { WechatpayError } from './wechatpay-error.js';

/**
 * A cryptographic operation failed: a key could not be loaded, a signature could not be made,
 * a ciphertext could not be decrypted or authenticated, or an input had the wrong size.
 * The message names the input to check; it never contains key material.
 */
export class CryptoError extends WechatpayError {}
