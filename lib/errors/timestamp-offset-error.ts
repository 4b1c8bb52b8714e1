import { VerificationError } from './verification-error.js';

/** `Wechatpay-Timestamp` is more than 300 seconds away from the local clock (a replay, or a skewed clock). */
export class TimestampOffsetError extends VerificationError {}
