/**
 * 申请退款 (APIv2 refund), which needs the merchant's client certificate and answers signed: over the payment ledger
 * for an order it knows (placed by APIv2 or APIv3), stateless for any other.
 *
 * @module
 */

import { isNotifyUrl } from '../payments/order-request.js';
import { scopeOf } from '../payments/records.js';
import type { RefundRequest } from '../payments/refund-request.js';
import { v2RefundFields } from '../payments/v2-resources.js';
import { firstMissing } from '../validation.js';
import { badFormat, required } from '../routes/messages.js';
import { businessFields, isAmount, ledgerFailure, paramError, randomId, type V2Outcome, type V2Route, type V2RouteInput } from './route.js';

/** The fields of a refund, all required besides the order (`mch_id` was checked before). */
const REFUND_REQUIRED = ['appid', 'out_refund_no', 'total_fee', 'refund_fee'];

/** The largest amount, in fen. */
const MAX_FEE = 10_000_000_000;

/** The checked request, or the `PARAM_ERROR` / `INVALID_REQUEST` of the first problem. */
function checkRefund(data: Readonly<Record<string, string>>): RefundRequest | V2Outcome {
  const absent = firstMissing(data, REFUND_REQUIRED);
  if (absent !== undefined) return paramError(required(absent));
  const { transaction_id: transactionId = '', out_trade_no: outTradeNo = '', out_refund_no: outRefundNo = '', total_fee: total = '', refund_fee: amount = '', notify_url: notifyUrl } = data;
  if (transactionId === '' && outTradeNo === '') return paramError(required('transaction_id或out_trade_no'));
  const badFee = (['total_fee', 'refund_fee'] as const).find((name) => !isAmount(data[name] ?? '', 1, MAX_FEE));
  if (badFee !== undefined) return paramError(badFormat(badFee));
  if (notifyUrl !== undefined && notifyUrl !== '' && !isNotifyUrl(notifyUrl)) return paramError(badFormat('notify_url'));
  if (Number(amount) > Number(total)) return { errCode: 'INVALID_REQUEST', errCodeDes: '退款金额大于支付金额' };
  const by = transactionId === '' ? 'out_trade_no' : 'transaction_id';
  const number = by === 'transaction_id' ? transactionId : outTradeNo;
  return { scope: scopeOf({ mchid: data.mch_id ?? '' }), outRefundNo, by, number, amount: Number(amount), total: Number(total), notifyUrl: notifyUrl === '' ? undefined : notifyUrl, apiV2: true };
}

/**
 * The refund through the ledger when it knows the order or the `out_refund_no`: the same rules as APIv3 申请退款
 * (a paid order, `total_fee` equal to the order's, never more than is left, the same `out_refund_no` refunds once);
 * `undefined` when the ledger knows neither.
 */
function ledgerRefund({ data, ledger, now }: V2RouteInput, request: RefundRequest): V2Outcome | undefined {
  const earlier = ledger.findRefund(request.scope, request.outRefundNo);
  const order = ledger.find(request.scope, request.by, request.number);
  if (!earlier.ok && !order.ok) return undefined;
  if (!earlier.ok && order.ok && order.value.total !== request.total) return { errCode: 'INVALID_REQUEST', errCodeDes: 'total_fee与原订单金额不一致' };
  const refund = ledger.refund(request, businessFields(data), now);
  return refund.ok ? { fields: v2RefundFields(refund.value) } : ledgerFailure(refund.refusal);
}

/** The stateless answer, for an order the ledger does not know: a new `refund_id`, the fees echoed. */
function statelessRefund(data: Readonly<Record<string, string>>): V2Outcome {
  const { transaction_id: transactionId = '', out_trade_no = '', out_refund_no = '', total_fee = '', refund_fee = '' } = data;
  return {
    fields: {
      transaction_id: transactionId === '' ? randomId('4200', 28) : transactionId,
      out_trade_no,
      out_refund_no,
      refund_id: randomId('50', 29),
      refund_fee,
      total_fee,
      cash_fee: total_fee,
    },
  };
}

/**
 * `POST /secapi/pay/refund` (申请退款): needs the order (`transaction_id`, preferred, or `out_trade_no`),
 * `out_refund_no`, positive whole `total_fee` ≥ `refund_fee` (else `INVALID_REQUEST`) and an optional `notify_url`.
 * For an order in the payment ledger, the refund is applied for there (`PROCESSING`, ended through the sandbox, which
 * sends the APIv2 退款结果通知), with the ledger's rules (`INVALID_REQUEST` saying which). For any other order the
 * answer is stateless: a new `refund_id` every time, the fees echoed.
 *
 * @param input - the request fields and the ledger
 */
export function refund(input: V2RouteInput): V2Outcome {
  const request = checkRefund(input.data);
  if (!('scope' in request)) return request;
  return ledgerRefund(input, request) ?? statelessRefund(input.data);
}

/** The refund endpoints. */
export const refundV2Routes: readonly V2Route[] = [{ path: '/secapi/pay/refund', certificate: true, signed: true, handle: refund }];
