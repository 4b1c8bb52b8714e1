import { ALGO_MD5, isSignType, type SignType } from '../crypto/hash.js';
import { MESSAGES, format } from '../errors/messages.js';
import { V2RequestError } from '../errors/v2-request-error.js';

/** APIv2 request data ready to sign and send: text values, in the caller's key order. */
export type V2Fields = Record<string, string>;

/** Where APIv2 requests carry the merchant ID: `mch_id`, `mchid` (transfers), `combine_mch_id` (combined orders). */
export const MERCHANT_ID_FIELDS = ['mch_id', 'mchid', 'combine_mch_id'] as const;

/** The first merchant ID field that is set, as PHP's `mch_id ?? mchid ?? combine_mch_id`. */
function merchantIdField(data: Readonly<Record<string, unknown>>): string | undefined {
  return MERCHANT_ID_FIELDS.find((field) => data[field] !== undefined && data[field] !== null);
}

/**
 * Checks that the data names the configured merchant: `mch_id ?? mchid ?? combine_mch_id` must equal `mchid`.
 *
 * Deviation from PHP, which compares with `!==`: a number is compared as its decimal text, so `mch_id: 1230000109`
 * matches `'1230000109'` (PHP refuses it, and the number would be sent as that same text anyway).
 * @throws V2RequestError with PHP's message (`The xml's structure[mch_id(…)] doesn't matched the init one mchid(…).`).
 */
export function assertMerchantId(data: Readonly<Record<string, unknown>>, mchid: string): void {
  const field = merchantIdField(data);
  const found = field === undefined ? undefined : data[field];
  const given = typeof found === 'string' || typeof found === 'number' || typeof found === 'bigint' ? String(found) : undefined;
  if (given === mchid) return;
  const hint = ' Put the configured merchant ID in `mch_id` (`mchid` for transfers, `combine_mch_id` for combined orders).';
  throw new V2RequestError(field ?? 'mch_id', `${format(MESSAGES.EV2_REQ_XML_NOTMATCHED_MCHID, given ?? '', mchid)}${hint}`);
}

/** An object with its own `toString` (PHP's `Stringable`, e.g. a `Date`). */
interface Stringable {
  toString(): string;
}

/** Whether an object has its own `toString`, unlike a plain object, a list or a Map. */
function isStringable(value: object): boolean {
  return !Array.isArray(value) && (value as { toString?: unknown }).toString !== Object.prototype.toString;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'number') return 'non-finite number';
  return typeof value === 'object' ? 'nested object' : typeof value;
}

/**
 * One value as APIv2 text: strings as they are, finite numbers and bigints as `String()` writes them, `true` as
 * `1` (as PHP), objects with their own `toString` through it; `null`/`undefined` mean "not sent".
 * @throws V2RequestError for `false`, nested values (lists, objects, maps), non-finite numbers, functions, symbols.
 */
function fieldText(key: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value === true) return '1';
  if (typeof value === 'string') return value;
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
  if (typeof value === 'object' && isStringable(value)) return (value as Stringable).toString();
  if (value === false) {
    throw new V2RequestError(
      key,
      `\`${key}\` is false. APIv2 values are text (PHP would sign \`${key}=\` but send an empty element): send the text WeChat Pay documents for it (e.g. 'N'), or leave \`${key}\` out.`,
    );
  }
  throw new V2RequestError(
    key,
    `\`${key}\` is a ${kindOf(value)}. APIv2 data is flat text (PHP would sign it as \`Array\`): serialise nested data as WeChat Pay documents it, e.g. \`${key}: JSON.stringify(…)\`.`,
  );
}

/**
 * The data to sign and send, as text in the caller's key order; `null` and `undefined` values are left out
 * (PHP writes them as empty elements, which WeChat Pay reads as absent, and leaves them out of the signature too).
 * @throws V2RequestError for a value that is not flat text (see `fieldText`): deviation from PHP, which signs
 * `false` as `k=` and nested values as `Array`.
 */
export function v2Fields(data: Readonly<Record<string, unknown>>): V2Fields {
  const fields: V2Fields = {};
  for (const [key, value] of Object.entries(data)) {
    const text = fieldText(key, value);
    if (text !== undefined) fields[key] = text;
  }
  return fields;
}

/**
 * The `sign_type` of request data: `MD5` when absent, else exactly `MD5` or `HMAC-SHA256`.
 * @throws V2RequestError for any other value, `hmac-sha256` included (PHP sends an empty `<sign>` instead).
 */
export function signTypeOf(fields: Readonly<V2Fields>): SignType {
  const type = fields.sign_type;
  if (type === undefined) return ALGO_MD5;
  if (isSignType(type)) return type;
  throw new V2RequestError(
    'sign_type',
    `\`sign_type\` must be exactly "MD5" or "HMAC-SHA256" (upper case), not ${JSON.stringify(type)}; leave it out for MD5. Nothing was sent (PHP would send an empty <sign>, which WeChat Pay refuses).`,
  );
}
