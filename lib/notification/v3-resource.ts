import { AesGcm } from '../crypto/aes-gcm.js';
import { NotificationDecryptError } from '../errors/notification-decrypt-error.js';
import { NotificationFormatError } from '../errors/notification-format-error.js';

/** The parts of an encrypted `resource` that decryption needs. */
export interface ResourceCiphertext {
  readonly ciphertext: string;
  readonly nonce: string;
  /** May be empty or absent (taken as `''`). */
  readonly associated_data?: string | undefined;
}

/**
 * Decrypts an APIv3 `resource` with AES-256-GCM (the APIv3 key, `nonce`, `associated_data`; the 16-byte tag is always
 * checked) and parses the plaintext as JSON. What PHP's recipe does by hand with `AesGcm::decrypt` and `json_decode`.
 *
 * @param resource - `ciphertext`, `nonce` and `associated_data` as WeChat Pay sent them
 * @param apiv3Key - the APIv3 key, 32 characters
 * @param requestId - the callback's `Request-ID`, carried by the errors
 * @returns the decrypted object (its type is not checked: it is what WeChat Pay encrypted)
 * @throws NotificationDecryptError when the tag does not verify: a wrong APIv3 key, or an altered resource
 * @throws NotificationFormatError (part `'resource'`) when the plaintext is not JSON (it is not quoted)
 */
export function decryptResource(resource: ResourceCiphertext, apiv3Key: string, requestId?: string): unknown {
  let plaintext: string;
  try {
    plaintext = AesGcm.decrypt(resource.ciphertext, apiv3Key, resource.nonce, resource.associated_data ?? '');
  } catch (cause) {
    throw new NotificationDecryptError(
      'The callback resource could not be decrypted: wrong APIv3 key, or the resource was altered (its ciphertext, nonce or associated_data).',
      { cause, requestId },
    );
  }
  try {
    return JSON.parse(plaintext);
  } catch {
    throw new NotificationFormatError('The decrypted callback resource is not JSON.', 'resource', { requestId });
  }
}
