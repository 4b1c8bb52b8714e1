import { NotificationError } from './notification-error.js';

/**
 * A callback's encrypted part did not decrypt: the APIv3 `resource` (AES-256-GCM, its tag always checked), or the
 * APIv2 refund `req_info` (AES-256-ECB). Either the configured key is wrong (the APIv3 key, or the APIv2 key) or the
 * ciphertext, nonce or associated data was altered. The `cause` is the underlying `CryptoError` or `XmlError`.
 */
export class NotificationDecryptError extends NotificationError {}
