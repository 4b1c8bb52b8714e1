/**
 * How orders and refunds read in answers and callbacks: the transaction (查询订单, and the decrypted resource of the
 * 支付成功 callback) and the refund (申请退款, 查询退款, and the 退款 callback resource).
 *
 * @module
 */

import { formatBeijingTime, type JsonObject } from '../validation.js';
import { isPartner, type Order, type Refund, type TradeState } from './records.js';

/** `trade_state_desc`, by `trade_state`. */
export const TRADE_STATE_DESC: Readonly<Record<TradeState, string>> = { NOTPAY: '订单未支付', SUCCESS: '支付成功', CLOSED: '订单已关闭', REFUND: '转入退款' };

/** The members present, in order (`undefined` ones left out). */
function defined(members: Readonly<Record<string, unknown>>): JsonObject {
  return Object.fromEntries(Object.entries(members).filter(([, value]) => value !== undefined));
}

/** The merchant members: `appid` and `mchid`, or `sp_appid`, `sp_mchid`, `sub_appid` and `sub_mchid`. */
function merchantMembers(order: Order): JsonObject {
  const { request, merchant } = order;
  if (!isPartner(merchant)) return { appid: request.appid, mchid: merchant.mchid };
  return defined({ sp_appid: request.sp_appid, sp_mchid: merchant.sp_mchid, sub_appid: request.sub_appid, sub_mchid: merchant.sub_mchid });
}

/**
 * The transaction, as 查询订单 answers it and the 支付成功 callback carries it: `transaction_id`, `bank_type`,
 * `success_time` and the payer's amount once paid.
 *
 * @param order - the order
 */
export function transactionOf(order: Order): JsonObject {
  const paid = order.transactionId !== undefined;
  const amount = defined({ total: order.total, payer_total: paid ? order.total : undefined, currency: order.currency, payer_currency: order.currency });
  return defined({
    ...merchantMembers(order),
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId,
    trade_type: order.tradeType,
    trade_state: order.tradeState,
    trade_state_desc: TRADE_STATE_DESC[order.tradeState],
    bank_type: paid ? 'OTHERS' : undefined,
    attach: order.request.attach ?? '',
    success_time: order.successTime === undefined ? undefined : formatBeijingTime(order.successTime),
    payer: order.payer,
    amount,
  });
}

/** The refund's amount members. */
function refundAmount(refund: Refund): JsonObject {
  const { total, currency } = refund.order;
  return { total, refund: refund.amount, from: [], payer_total: total, payer_refund: refund.amount, settlement_refund: refund.amount, settlement_total: total, discount_refund: 0, currency, refund_fee: 0 };
}

/**
 * The refund, as 申请退款 and 查询退款 answer it.
 *
 * @param refund - the refund
 */
export function refundOf(refund: Refund): JsonObject {
  const { order } = refund;
  return defined({
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    sub_mchid: isPartner(order.merchant) ? order.merchant.sub_mchid : undefined,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    success_time: refund.status === 'SUCCESS' && refund.successTime !== undefined ? formatBeijingTime(refund.successTime) : undefined,
    create_time: formatBeijingTime(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: refundAmount(refund),
    promotion_detail: [],
  });
}

/**
 * The decrypted resource of a 退款 callback (`REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`).
 *
 * @param refund - the refund, once ended
 */
export function refundNoticeOf(refund: Refund): JsonObject {
  const { order } = refund;
  const merchant = isPartner(order.merchant) ? { sp_mchid: order.merchant.sp_mchid, sub_mchid: order.merchant.sub_mchid } : { mchid: order.merchant.mchid };
  return defined({
    ...merchant,
    out_trade_no: order.outTradeNo,
    transaction_id: order.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    success_time: refund.successTime === undefined ? undefined : formatBeijingTime(refund.successTime),
    user_received_account: '支付用户零钱',
    amount: { total: order.total, refund: refund.amount, payer_total: order.total, payer_refund: refund.amount },
  });
}
