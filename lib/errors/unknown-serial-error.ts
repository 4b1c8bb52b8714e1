import { VerificationError } from './verification-error.js';

/**
 * `Wechatpay-Serial` names no key in `certs`: configure the WeChat Pay public key (`PUB_KEY_ID_…`) or download the
 * platform certificate with that serial.
 */
export class UnknownSerialError extends VerificationError {}
