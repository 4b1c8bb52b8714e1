import { AesEcb } from '../crypto/aes-ecb.js';
import { Hash } from '../crypto/hash.js';
import { NotificationDecryptError } from '../errors/notification-decrypt-error.js';
import { NotificationFormatError } from '../errors/notification-format-error.js';
import { Transformer } from '../transformer/transformer.js';

/**
 * Decrypts the refund notification's `req_info`: AES-256-ECB (PKCS#7) with the lower-case hex MD5 of the APIv2 key
 * as the 32-byte key, then parses the `<root>` document with the hardened Transformer.
 *
 * ECB has no integrity check, so a wrong key shows as bad padding or as bytes that are not an XML document; both are
 * reported as a decryption failure.
 * @returns the children of `<root>`
 * @throws NotificationFormatError when `req_info` is not text
 * @throws NotificationDecryptError for a wrong APIv2 key or an altered `req_info`
 */
export function decryptReqInfo(reqInfo: unknown, secret: string): Record<string, unknown> {
  if (typeof reqInfo !== 'string') throw new NotificationFormatError('The APIv2 notification has a `req_info` element that is not text.', 'body');
  let plaintext: Buffer;
  try {
    plaintext = AesEcb.decryptToBuffer(reqInfo, Hash.md5(secret));
  } catch (cause) {
    throw new NotificationDecryptError('The APIv2 refund notification\'s req_info could not be decrypted: wrong APIv2 key (secret), or req_info was altered.', { cause });
  }
  try {
    return Transformer.toArray(plaintext);
  } catch {
    // no cause: the parser's message would quote the decrypted plaintext
    throw new NotificationDecryptError('The APIv2 refund notification\'s req_info decrypted, but not to an XML document: wrong APIv2 key (secret), or req_info was altered.');
  }
}
