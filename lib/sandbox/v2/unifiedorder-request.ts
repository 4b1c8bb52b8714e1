/**
 * The checks of an APIv2 统一下单 request (`/pay/unifiedorder`), in the order a client would fix them: required
 * fields, `trade_type`, the forms and lengths, the fields a trade type needs. A checked request is placed in the
 * payment ledger the APIv3 下单 endpoints use.
 *
 * @module
 */

import { ALGO_MD5, isSignType } from '../../crypto/hash.js';
import { isNotifyUrl } from '../payments/order-request.js';
import type { OrderRequest } from '../payments/order-request.js';
import type { TradeType } from '../payments/records.js';
import { badFormat, badLength, notOneOf, required } from '../routes/messages.js';
import { firstMissing, isLengthWithin } from '../validation.js';
import { isAmount, paramError, type V2ResultFailure } from './route.js';

/** The fields of an order, all required (`mch_id`, `nonce_str` and `sign` were checked before). */
const REQUIRED = ['appid', 'body', 'out_trade_no', 'total_fee', 'spbill_create_ip', 'notify_url', 'trade_type'];

/** The trade types 统一下单 places (付款码 has its own endpoint). */
const TRADE_TYPES: readonly TradeType[] = ['JSAPI', 'NATIVE', 'APP', 'MWEB'];

/** The field a trade type needs besides the common ones. */
const TRADE_TYPE_NEEDS: Readonly<Partial<Record<TradeType, string>>> = { JSAPI: 'openid', NATIVE: 'product_id', MWEB: 'scene_info' };

/** APIv2 `out_trade_no`: up to 32 digits, letters and `_-|*@`. */
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*@]{1,32}$/;

/** `time_start`, `time_expire`: `yyyyMMddHHmmss`. */
const COMPACT_TIME = /^\d{14}$/;

/** The largest order amount, in fen. */
const MAX_FEE = 100_000_000_000;

/** The longest text of each bounded field. */
const MAX_LENGTHS: readonly (readonly [name: string, max: number])[] = [
  ['body', 128],
  ['attach', 127],
  ['device_info', 32],
  ['product_id', 32],
  ['openid', 128],
  ['goods_tag', 32],
  ['spbill_create_ip', 64],
];

function isTradeType(text: string | undefined): text is TradeType {
  return TRADE_TYPES.includes(text as TradeType);
}

/** Whether an optional field was given (APIv2 leaves an empty element out of the signature, as if absent). */
function given(data: Readonly<Record<string, string>>, name: string): boolean {
  return (data[name] ?? '') !== '';
}

/** The first problem of the forms: amount, currency, order number, URL, times, lengths; or `undefined`. */
function formProblem(data: Readonly<Record<string, string>>): string | undefined {
  if (!isAmount(data.total_fee ?? '', 1, MAX_FEE)) return badFormat('total_fee');
  if (given(data, 'fee_type') && data.fee_type !== 'CNY') return notOneOf('fee_type', ['CNY']);
  if (!OUT_TRADE_NO.test(data.out_trade_no ?? '')) return badFormat('out_trade_no');
  if (!isNotifyUrl(data.notify_url ?? '')) return badFormat('notify_url');
  const badTime = ['time_start', 'time_expire'].find((name) => given(data, name) && !COMPACT_TIME.test(data[name] ?? ''));
  if (badTime !== undefined) return badFormat(badTime);
  const tooLong = MAX_LENGTHS.find(([name, max]) => !isLengthWithin(data[name] ?? '', 0, max));
  return tooLong === undefined ? undefined : badLength(tooLong[0], 0, tooLong[1]);
}

/**
 * Checks a 统一下单 request. The order it gives keeps the request fields but `nonce_str`, `sign` and `sign_type`
 * (a retry carries a new nonce, and may sign otherwise): `businessFields`.
 *
 * @param data - the request fields (signature, `nonce_str` and `mch_id` already checked)
 * @returns the order request, or `PARAM_ERROR` naming the field; a 服务商 `sub_mch_id` is refused (not emulated)
 */
export function checkUnifiedOrder(data: Readonly<Record<string, string>>): OrderRequest | V2ResultFailure {
  const absent = firstMissing(data, REQUIRED);
  if (absent !== undefined) return paramError(required(absent));
  const { trade_type: tradeType, mch_id: mchid = '', sign_type: signType = ALGO_MD5 } = data;
  if (!isTradeType(tradeType)) return paramError(notOneOf('trade_type', TRADE_TYPES));
  const problem = formProblem(data);
  if (problem !== undefined) return paramError(problem);
  const needed = TRADE_TYPE_NEEDS[tradeType];
  if (needed !== undefined && !given(data, needed)) return paramError(required(needed));
  if (given(data, 'sub_mch_id')) return paramError('sandbox: APIv2 统一下单 is emulated for direct merchants only (no sub_mch_id); use APIv3 /v3/pay/partner/transactions');
  return {
    tradeType,
    merchant: { mchid },
    outTradeNo: data.out_trade_no ?? '',
    notifyUrl: data.notify_url ?? '',
    total: Number(data.total_fee),
    currency: 'CNY',
    payer: tradeType === 'JSAPI' ? { openid: data.openid ?? '' } : {},
    apiV2: { signType: isSignType(signType) ? signType : ALGO_MD5 },
  };
}
