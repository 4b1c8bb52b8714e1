/**
 * The checks of a 申请退款 body (`POST /v3/refund/domestic/refunds`), direct or for a sub-merchant (`sub_mchid`).
 *
 * @module
 */

import { badFormat, badLength, mustBe, required } from '../routes/messages.js';
import { firstNonString, isLengthWithin, isMissing, type JsonObject } from '../validation.js';
import { isMerchantNo, isNotifyUrl } from './order-request.js';
import { accept, refuse, scopeOf, type Outcome } from './records.js';

/** A checked refund request. */
export interface RefundRequest {
  /** The merchant scope the order and the refund number belong to. */
  readonly scope: string;
  readonly outRefundNo: string;
  /** How the order is named. */
  readonly by: 'transaction_id' | 'out_trade_no';
  readonly number: string;
  /** `amount.refund`, in fen. */
  readonly amount: number;
  /** `amount.total`, in fen: must be the order's. */
  readonly total: number;
  readonly notifyUrl: string | undefined;
  /** `true` for an APIv2 申请退款 (see `Refund.apiV2`). */
  readonly apiV2?: boolean;
}

/** The string fields checked for type. */
const STRINGS = ['sub_mchid', 'transaction_id', 'out_trade_no', 'out_refund_no', 'reason', 'notify_url', 'funds_account'];

/** `400 PARAM_ERROR`. */
function paramError<T>(message: string): Outcome<T> {
  return refuse(400, 'PARAM_ERROR', message);
}

/** Whether `value` is a whole number of fen ≥ 1. */
function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * Checks a refund body: `out_refund_no`, the order (`transaction_id`, else `out_trade_no`), `amount.refund` and
 * `amount.total` (whole fen, refund ≤ total), currency CNY, an optional `notify_url` and `reason` (≤ 80 characters).
 *
 * @param body - the JSON body
 * @param caller - the calling merchant
 * @returns the request, or a `400 PARAM_ERROR`
 */
export function checkRefundRequest(body: JsonObject, caller: string): Outcome<RefundRequest> {
  const notString = firstNonString(body, STRINGS);
  if (notString !== undefined) return paramError(mustBe(notString, '字符串'));
  const { sub_mchid: subMchid, transaction_id: transactionId, out_trade_no: outTradeNo, out_refund_no: outRefundNo, notify_url: notifyUrl, reason } = body as Record<string, string | undefined>;
  if (isMissing(outRefundNo) || outRefundNo === undefined) return paramError(required('out_refund_no'));
  if (!isMerchantNo(outRefundNo)) return paramError(badFormat('out_refund_no'));
  if (isMissing(transactionId) && isMissing(outTradeNo)) return paramError(required('transaction_id或out_trade_no'));
  if (reason !== undefined && !isLengthWithin(reason, 0, 80)) return paramError(badLength('reason', 0, 80));
  if (!isMissing(notifyUrl) && !isNotifyUrl(notifyUrl ?? '')) return paramError(badFormat('notify_url'));
  const amount = body.amount;
  if (typeof amount !== 'object' || amount === null || Array.isArray(amount)) return paramError(required('amount'));
  const { refund, total, currency = 'CNY' } = amount as JsonObject;
  if (!isFen(refund)) return paramError(badFormat('amount.refund'));
  if (!isFen(total)) return paramError(badFormat('amount.total'));
  if (currency !== 'CNY') return paramError(badFormat('amount.currency'));
  if (refund > total) return paramError('退款金额不能大于订单金额');
  const scope = scopeOf(isMissing(subMchid) ? { mchid: caller } : { sp_mchid: caller, sub_mchid: subMchid ?? '' });
  const by = isMissing(transactionId) ? 'out_trade_no' : 'transaction_id';
  const number = (by === 'transaction_id' ? transactionId : outTradeNo) ?? '';
  return accept({ scope, outRefundNo, by, number, amount: refund, total, notifyUrl: isMissing(notifyUrl) ? undefined : notifyUrl });
}
