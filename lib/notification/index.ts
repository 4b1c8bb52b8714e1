/**
 * Callbacks (回调通知): verification, decryption and replies, for APIv3 (JSON, RSA-signed, AES-256-GCM) and APIv2
 * (XML, `sign`, AES-256-ECB `req_info`).
 *
 * @module
 */

export { NotificationDecryptError } from '../errors/notification-decrypt-error.js';
export { NotificationError, type NotificationErrorOptions } from '../errors/notification-error.js';
export { NotificationFormatError, type NotificationPart } from '../errors/notification-format-error.js';
export { NotificationInputError, type NotificationInput } from '../errors/notification-input-error.js';
export { NotificationHeadersError } from '../errors/notification-headers-error.js';
export { NotificationSerialError } from '../errors/notification-serial-error.js';
export { NotificationSignatureError } from '../errors/notification-signature-error.js';
export { NotificationTimestampError } from '../errors/notification-timestamp-error.js';
export type { HeaderGetter, HeaderValue, NotificationHeaders } from './headers.js';
export {
  MALL_AUTHORIZATION_EVENT,
  MALL_REFUND_EVENT,
  MALL_TRANSACTION_EVENT,
  type MallAuthorizationResource,
  type MallRefundResource,
  type MallShop,
  type MallTransactionResource,
} from './mall.js';
export { Notification } from './notification.js';
export type { NotificationOptions } from './options.js';
export type { RawBody } from './raw-body.js';
export { replyV2Failure, replyV2Success, replyV3Failure, replyV3Success, type NotificationReply } from './replies.js';
export type { NotificationV2Message, V2Authentication, V2Options } from './v2.js';
export type { NotificationEvent } from './v3.js';
export type { EncryptedResource, NotificationEnvelope } from './v3-envelope.js';
export { decryptResource, type ResourceCiphertext } from './v3-resource.js';
export type { CallbackHeaders } from './v3-signature.js';
