/**
 * APIv2 基础支付 with state: 统一下单 and 查询订单, over the payment ledger the APIv3 下单 and 查询订单 endpoints use
 * (an order placed by either is queried, paid, closed and refunded by either).
 *
 * @module
 */

import { scopeOf } from '../payments/records.js';
import { v2OrderFields } from '../payments/v2-resources.js';
import { required } from '../routes/messages.js';
import { firstMissing } from '../validation.js';
import { businessFields, ledgerFailure, paramError, type V2Outcome, type V2Route, type V2RouteInput } from './route.js';
import { checkUnifiedOrder } from './unifiedorder-request.js';

/**
 * `POST /pay/unifiedorder` (统一下单): checks the request (see `checkUnifiedOrder`) and places the order, or
 * answers the one placed with the same `out_trade_no` and the same fields (`nonce_str`, `sign` and `sign_type` aside):
 * `trade_type` and `prepay_id`, with `code_url` (NATIVE) or `mweb_url` (MWEB). The same `out_trade_no` with other
 * fields is `OUT_TRADE_NO_USED`; a closed order `ORDERCLOSED`, a paid one `ORDERPAID`.
 *
 * @param input - the request fields and the ledger
 */
export function unifiedOrder({ data, ledger, now }: V2RouteInput): V2Outcome {
  const request = checkUnifiedOrder(data);
  if ('errCode' in request) return request;
  const placed = ledger.place(request, businessFields(data), now);
  if (!placed.ok) return ledgerFailure(placed.refusal);
  return { fields: { trade_type: placed.value.tradeType, ...placed.value.prepay } };
}

/**
 * `POST /pay/orderquery` (查询订单): the order of the calling merchant by `transaction_id` (preferred) or
 * `out_trade_no`, placed by APIv2 or APIv3: `trade_state` NOTPAY, SUCCESS, CLOSED or REFUND, the amount, and once
 * paid the payer, `transaction_id` and `time_end`. An unknown order is `ORDERNOTEXIST`.
 *
 * @param input - the request fields and the ledger
 */
export function orderQuery({ data, ledger }: V2RouteInput): V2Outcome {
  const absent = firstMissing(data, ['appid']);
  if (absent !== undefined) return paramError(required(absent));
  const { transaction_id: transactionId = '', out_trade_no: outTradeNo = '', mch_id: mchid = '' } = data;
  if (transactionId === '' && outTradeNo === '') return paramError(required('transaction_id或out_trade_no'));
  const scope = scopeOf({ mchid });
  const found = transactionId === '' ? ledger.find(scope, 'out_trade_no', outTradeNo) : ledger.find(scope, 'transaction_id', transactionId);
  return found.ok ? { fields: v2OrderFields(found.value) } : ledgerFailure(found.refusal);
}

/** The 基础支付 endpoints with state. */
export const payV2Routes: readonly V2Route[] = [
  { path: '/pay/unifiedorder', certificate: false, signed: true, handle: unifiedOrder },
  { path: '/pay/orderquery', certificate: false, signed: true, handle: orderQuery },
];
