import { ALGO_HMAC_SHA256, ALGO_MD5, Hash, type SignType } from '../crypto/hash.js';
import { Formatter } from '../formatter.js';

/** The length of an HMAC-SHA256 `sign` (hex); any other length is taken as MD5. */
const HMAC_SHA256_SIGN_LENGTH = 64;

/**
 * The APIv2 signature of `data` (upper-case hex): the byte-sorted `k=v` pairs without `sign` and without empty
 * values, `&key=<secret>` appended, digested with `type` — `Hash.sign(type, queryStringLike(ksort(data)), secret)`.
 * @throws TypeError for a nested value (APIv2 data is flat).
 */
export function v2Signature(data: Readonly<Record<string, unknown>>, type: SignType, secret: string): string {
  return Hash.sign(type, Formatter.queryStringLike(Formatter.ksort(data)), secret);
}

/** The sign type of an answer's `sign`, inferred from its length as PHP does (64 → HMAC-SHA256, else MD5). */
export function signTypeOfSign(sign: string): SignType {
  return sign.length === HMAC_SHA256_SIGN_LENGTH ? ALGO_HMAC_SHA256 : ALGO_MD5;
}

/**
 * Whether `data.sign` is the signature of `data` under `secret`: the type inferred from the sign's length, compared
 * in constant time and case-sensitively (a lower-case sign fails). A missing sign, or data that cannot be signed
 * (a nested element), fails.
 */
export function hasValidV2Sign(data: Readonly<Record<string, unknown>>, secret: string): boolean {
  const { sign } = data;
  if (typeof sign !== 'string') return false;
  let expected: string;
  try {
    expected = v2Signature(data, signTypeOfSign(sign), secret);
  } catch {
    return false;
  }
  return Hash.equals(expected, sign);
}
