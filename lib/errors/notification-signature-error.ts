import { NotificationError } from './notification-error.js';

/**
 * A callback's signature does not verify: APIv3 `Wechatpay-Signature` over `timestamp\nnonce\nbody\n` (most often
 * because the body was parsed and re-serialised before verifying, instead of passing the raw bytes), or the APIv2
 * `sign` (wrong APIv2 key, or an altered message), or an APIv2 message that carries no `sign` at all.
 */
export class NotificationSignatureError extends NotificationError {}
