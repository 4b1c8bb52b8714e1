/**
 * How the ledger's orders and refunds read in APIv2: the fields of 查询订单 (`/pay/orderquery`) and 申请退款
 * (`/secapi/pay/refund`), the fields of the 支付结果通知 and the `req_info` fields of the 退款结果通知. All amounts
 * in fen, as text.
 *
 * @module
 */

import { formatBeijingTime } from '../validation.js';
import type { Order, Refund, RefundStatus } from './records.js';
import { TRADE_STATE_DESC } from './resources.js';

/** An APIv2 field set: names to text, in order. */
export type V2Fields = Record<string, string>;

/** The APIv2 `refund_status` of a refund's `status`. */
const REFUND_STATUS: Readonly<Record<RefundStatus, string>> = { PROCESSING: 'PROCESSING', SUCCESS: 'SUCCESS', ABNORMAL: 'CHANGE', CLOSED: 'REFUNDCLOSE' };

/**
 * `yyyyMMddHHmmss` in Beijing time, as APIv2 writes `time_end`.
 *
 * @param date - the instant
 */
export function compactBeijingTime(date: Date): string {
  return formatBeijingTime(date).slice(0, 19).replace(/\D/g, '');
}

/** The members present, in order (`undefined` and empty ones left out, as an APIv2 answer leaves them out). */
function present(members: Readonly<Record<string, string | undefined>>): V2Fields {
  return Object.fromEntries(Object.entries(members).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

/** A request member as text, or `undefined` (an APIv3 order's members may be objects or numbers). */
function textOf(order: Order, name: string): string | undefined {
  const value = order.request[name];
  return typeof value === 'string' ? value : undefined;
}

/** The payer's `openid`: APIv2's, APIv3's `payer.openid`, or a partner order's `sp_openid`. */
function openidOf(order: Order): string | undefined {
  return order.payer.openid ?? order.payer.sp_openid;
}

/**
 * The order as APIv2 查询订单 answers it (after `result_code`): the trade type and state, the amount, and once paid
 * the payer, `transaction_id`, `bank_type`, `cash_fee` and `time_end`. Works for orders placed by APIv3 too.
 *
 * @param order - the order
 */
export function v2OrderFields(order: Order): V2Fields {
  const paid = order.transactionId !== undefined;
  return present({
    openid: paid ? openidOf(order) : undefined,
    is_subscribe: paid ? 'N' : undefined,
    trade_type: order.tradeType,
    trade_state: order.tradeState,
    bank_type: paid ? 'OTHERS' : undefined,
    total_fee: String(order.total),
    fee_type: order.currency,
    cash_fee: paid ? String(order.total) : undefined,
    cash_fee_type: paid ? order.currency : undefined,
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    attach: textOf(order, 'attach'),
    time_end: order.successTime === undefined ? undefined : compactBeijingTime(order.successTime),
    trade_state_desc: TRADE_STATE_DESC[order.tradeState],
  });
}

/**
 * The fields of the APIv2 支付结果通知 of a paid order (merged over the notifier's sample; `return_code`,
 * `nonce_str` and `sign` are the notifier's). Members the order does not have are removed (`undefined`).
 *
 * @param order - the order, once paid
 */
export function v2PaymentNoticeOf(order: Order): Record<string, string | undefined> {
  return {
    appid: textOf(order, 'appid'),
    device_info: textOf(order, 'device_info'),
    openid: openidOf(order),
    trade_type: order.tradeType,
    total_fee: String(order.total),
    fee_type: order.currency,
    cash_fee: String(order.total),
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    attach: textOf(order, 'attach'),
    time_end: order.successTime === undefined ? undefined : compactBeijingTime(order.successTime),
  };
}

/**
 * The refund as APIv2 申请退款 answers it (after `result_code`).
 *
 * @param refund - the refund
 */
export function v2RefundFields(refund: Refund): V2Fields {
  const { order } = refund;
  return present({
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_fee: String(refund.amount),
    total_fee: String(order.total),
    cash_fee: String(order.total),
    cash_refund_fee: String(refund.amount),
  });
}

/**
 * The `req_info` fields of the APIv2 退款结果通知 of an ended refund (`refund_status` SUCCESS, CHANGE for
 * `ABNORMAL`, REFUNDCLOSE for `CLOSED`).
 *
 * @param refund - the refund, once ended
 */
export function v2RefundNoticeOf(refund: Refund): Record<string, string | undefined> {
  const { order } = refund;
  const ended = refund.successTime === undefined ? undefined : formatBeijingTime(refund.successTime).slice(0, 19).replace('T', ' ');
  return {
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    total_fee: String(order.total),
    refund_fee: String(refund.amount),
    settlement_total_fee: String(order.total),
    settlement_refund_fee: String(refund.amount),
    refund_status: REFUND_STATUS[refund.status],
    success_time: refund.status === 'SUCCESS' ? ended : undefined,
  };
}
