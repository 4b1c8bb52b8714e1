import { ALGO_HMAC_SHA256, ALGO_MD5, Hash, isSignType, type SignType } from '../crypto/hash.js';
import { NotificationFormatError } from '../errors/notification-format-error.js';
import { NotificationSignatureError } from '../errors/notification-signature-error.js';
import { signTypeOfSign, v2Signature } from '../v2/sign.js';
import { describeValue } from './clip.js';

/**
 * The algorithm of an APIv2 message's `sign`: its `sign_type` when present (exactly `MD5` or `HMAC-SHA256`),
 * otherwise told by the length of `sign` (64 hex digits → HMAC-SHA256, else MD5).
 *
 * Deviation from PHP's recipe, which assumes MD5 when `sign_type` is absent: WeChat Pay omits `sign_type` from some
 * HMAC-SHA256 notifications, and the two digests cannot be confused (32 vs 64 hex digits).
 * @throws NotificationSignatureError for any other `sign_type`
 */
export function signTypeOf(message: Readonly<Record<string, unknown>>, sign: string): SignType {
  const declared = message.sign_type;
  if (declared === undefined || declared === '') return signTypeOfSign(sign);
  if (isSignType(declared)) return declared;
  throw new NotificationSignatureError(`The APIv2 notification's sign_type ${describeValue(declared)} is not supported, only ${ALGO_MD5} or ${ALGO_HMAC_SHA256}.`);
}

/** The APIv2 signature a parsed message should carry; a message that is not flat cannot be signed. */
function expectedSign(message: Readonly<Record<string, unknown>>, type: SignType, secret: string): string {
  try {
    return v2Signature(message, type, secret);
  } catch (cause) {
    throw new NotificationFormatError('The APIv2 notification has nested elements or attributes; a signed APIv2 message is flat.', 'body', { cause });
  }
}

/**
 * Verifies an APIv2 message's `sign` (upper-case hex MD5 or HMAC-SHA256 of the sorted `k=v&…` string with the APIv2
 * key), compared in constant time.
 * @throws NotificationSignatureError when it does not match (a wrong APIv2 key, or an altered message)
 * @throws NotificationFormatError when `sign` is not text, or the message is not flat
 */
export function checkSign(message: Readonly<Record<string, unknown>>, secret: string): void {
  const sign = message.sign;
  if (typeof sign !== 'string') throw new NotificationFormatError('The APIv2 notification has a `sign` element that is not text.', 'body');
  const type = signTypeOf(message, sign);
  if (!Hash.equals(expectedSign(message, type, secret), sign)) {
    throw new NotificationSignatureError(`The APIv2 notification's ${type} sign does not match: wrong APIv2 key (secret), or the message was altered.`);
  }
}
