import { VerificationError } from './verification-error.js';

/** The `Wechatpay-Signature` does not verify over the bytes received with the key that `Wechatpay-Serial` names. */
export class SignatureMismatchError extends VerificationError {}
