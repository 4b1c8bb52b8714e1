/**
 * The sandbox's payment ledger: the orders placed and the refunds applied for, with WeChat Pay's rules — the same
 * `out_trade_no` with the same body gives the same prepay, with another body `OUT_TRADE_NO_USED`; a closed order is
 * never paid; refunds never exceed the amount paid; the same `out_refund_no` refunds once.
 *
 * @module
 */

import { Formatter } from '../../formatter.js';
import type { JsonObject } from '../validation.js';
import { randomId } from '../v2/route.js';
import type { OrderRequest } from './order-request.js';
import { accept, canonicalJson, refuse, scopeOf, type Order, type Outcome, type Refund, type RefundStatus } from './records.js';
import type { RefundRequest } from './refund-request.js';

/** The payer of an order paid without one named (Native, App, H5), as WeChat Pay would report some user. */
export const DEFAULT_PAYER_OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';

/** `yyyyMMddHHmmss` in Beijing time. */
function compactTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/\D/g, '');
}

/**
 * What 下单 answers for a trade type: a `prepay_id` (JSAPI, App), a `code_url` (Native) or an `h5_url` (H5). APIv2
 * 统一下单 answers the `prepay_id` for every trade type, with the `code_url` (NATIVE) or the `mweb_url` (MWEB).
 */
function prepayOf(request: OrderRequest, now: Date): Record<string, string> {
  const prepayId = `wx${compactTime(now)}${Formatter.nonce(22).toLowerCase()}`;
  const codeUrl = `weixin://wxpay/bizpayurl?pr=${Formatter.nonce(7)}`;
  const h5Url = `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepayId}&package=${randomId('', 10)}`;
  const v2 = request.apiV2 !== undefined;
  if (request.tradeType === 'NATIVE') return v2 ? { prepay_id: prepayId, code_url: codeUrl } : { code_url: codeUrl };
  if (request.tradeType === 'MWEB') return v2 ? { prepay_id: prepayId, mweb_url: h5Url } : { h5_url: h5Url };
  return { prepay_id: prepayId };
}

/** The refusal of an order that can no longer be paid or changed, or `undefined` for an open one. */
function settled(order: Order): Outcome<never> | undefined {
  if (order.tradeState === 'CLOSED') return refuse(400, 'ORDER_CLOSED', '订单已关闭');
  if (order.tradeState !== 'NOTPAY') return refuse(400, 'ORDERPAID', '订单已支付');
  return undefined;
}

/** The orders and refunds of one sandbox. */
export class PaymentLedger {
  readonly #orders = new Map<string, Order>();
  readonly #refunds = new Map<string, Refund>();

  /**
   * Places an order, or answers the one already placed with the same `out_trade_no` and the same body.
   *
   * @param request - the checked request
   * @param body - the body as received (compared with a later request's)
   * @param now - the time of the call
   */
  place(request: OrderRequest, body: JsonObject, now: Date): Outcome<Order> {
    const key = `${scopeOf(request.merchant)}|${request.outTradeNo}`;
    const existing = this.#orders.get(key);
    if (existing !== undefined) {
      const refusal = settled(existing);
      if (refusal !== undefined) return refusal;
      if (canonicalJson(existing.request) !== canonicalJson(body)) return refuse(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
      return accept(existing);
    }
    const { tradeType, merchant, outTradeNo, notifyUrl, total, currency, payer, apiV2 } = request;
    const order: Order = { tradeType, merchant, outTradeNo, request: body, notifyUrl, total, currency, prepay: prepayOf(request, now), createdAt: now, tradeState: 'NOTPAY', payer, refunded: 0, ...(apiV2 === undefined ? {} : { apiV2 }) };
    this.#orders.set(key, order);
    return accept(order);
  }

  /**
   * The order of a merchant scope by `out_trade_no` or `transaction_id`.
   *
   * @param scope - `scopeOf(merchant)`
   * @param by - which number is given
   * @param number - the number
   */
  find(scope: string, by: 'out_trade_no' | 'transaction_id', number: string): Outcome<Order> {
    const order = by === 'out_trade_no' ? this.#orders.get(`${scope}|${number}`) : this.orders().find((o) => o.transactionId === number && scopeOf(o.merchant) === scope);
    return order === undefined ? refuse(404, 'ORDER_NOT_EXIST', '订单不存在') : accept(order);
  }

  /**
   * The order with this `out_trade_no`, for the in-process and control APIs: the only one, or the one of `subMchid`.
   *
   * @param outTradeNo - the order number
   * @param subMchid - the sub-merchant of a partner order, when two merchants used the same number
   */
  lookup(outTradeNo: string, subMchid?: string): Outcome<Order> {
    const found = this.orders().filter((order) => order.outTradeNo === outTradeNo && (subMchid === undefined || scopeOf(order.merchant) === `sub:${subMchid}`));
    if (found.length > 1) return refuse(400, 'INVALID_REQUEST', `several orders have out_trade_no ${outTradeNo}: name the sub_mchid`);
    return found[0] === undefined ? refuse(404, 'ORDER_NOT_EXIST', '订单不存在') : accept(found[0]);
  }

  /**
   * Closes an unpaid order (closing a closed one again is fine; a paid one is `ORDERPAID`).
   *
   * @param order - the order
   */
  close(order: Order): Outcome<Order> {
    if (order.tradeState === 'SUCCESS' || order.tradeState === 'REFUND') return refuse(400, 'ORDERPAID', '订单已支付');
    order.tradeState = 'CLOSED';
    return accept(order);
  }

  /**
   * Marks an order paid: `SUCCESS`, a new `transaction_id`, the time, the payer.
   *
   * @param order - the order
   * @param now - the time of payment
   * @param payer - who paid; default the payer the order named, else {@link DEFAULT_PAYER_OPENID}
   */
  pay(order: Order, now: Date, payer?: Readonly<Record<string, string>>): Outcome<Order> {
    const refusal = settled(order);
    if (refusal !== undefined) return refusal;
    const named = payer ?? (Object.keys(order.payer).length > 0 ? order.payer : { [('sub_mchid' in order.merchant ? 'sp_openid' : 'openid')]: DEFAULT_PAYER_OPENID });
    Object.assign(order, { tradeState: 'SUCCESS', transactionId: randomId('4200', 28), successTime: now, payer: named });
    return accept(order);
  }

  /**
   * Applies for a refund, or answers the refund already applied for with the same `out_refund_no` and amount.
   *
   * @param request - the checked request
   * @param body - the body as received
   * @param now - the time of the call
   */
  refund(request: RefundRequest, body: JsonObject, now: Date): Outcome<Refund> {
    const key = `${request.scope}|${request.outRefundNo}`;
    const existing = this.#refunds.get(key);
    if (existing !== undefined) {
      if (existing.amount !== request.amount || existing.order.total !== request.total) return refuse(400, 'INVALID_REQUEST', '同一退款单号多次请求的退款金额不一致');
      return accept(existing);
    }
    const found = this.find(request.scope, request.by, request.number);
    if (!found.ok) return refuse(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    const order = found.value;
    if (order.tradeState === 'NOTPAY' || order.tradeState === 'CLOSED') return refuse(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (request.total !== order.total) return refuse(400, 'INVALID_REQUEST', 'amount.total与原订单金额不一致');
    if (request.amount > order.total - order.refunded) return refuse(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const refund: Refund = { outRefundNo: request.outRefundNo, refundId: randomId('50', 29), order, amount: request.amount, request: body, notifyUrl: request.notifyUrl ?? order.notifyUrl, createdAt: now, status: 'PROCESSING', ...(request.apiV2 === true ? { apiV2: true } : {}) };
    order.refunded += request.amount;
    order.tradeState = 'REFUND';
    this.#refunds.set(key, refund);
    return accept(refund);
  }

  /**
   * The refund of a merchant scope by `out_refund_no`.
   *
   * @param scope - `scopeOf(merchant)`
   * @param outRefundNo - the refund number
   */
  findRefund(scope: string, outRefundNo: string): Outcome<Refund> {
    const refund = this.#refunds.get(`${scope}|${outRefundNo}`);
    return refund === undefined ? refuse(404, 'RESOURCE_NOT_EXISTS', '退款单不存在') : accept(refund);
  }

  /**
   * The refund with this `out_refund_no`, for the in-process and control APIs.
   *
   * @param outRefundNo - the refund number
   */
  lookupRefund(outRefundNo: string): Outcome<Refund> {
    const found = this.refunds().filter((refund) => refund.outRefundNo === outRefundNo);
    if (found.length > 1) return refuse(400, 'INVALID_REQUEST', `several refunds have out_refund_no ${outRefundNo}`);
    return found[0] === undefined ? refuse(404, 'RESOURCE_NOT_EXISTS', '退款单不存在') : accept(found[0]);
  }

  /**
   * Ends a `PROCESSING` refund: `SUCCESS`, or `CLOSED`/`ABNORMAL`, which give the amount back to the order.
   *
   * @param refund - the refund
   * @param status - how it ends
   * @param now - the time
   */
  settle(refund: Refund, status: Exclude<RefundStatus, 'PROCESSING'>, now: Date): Outcome<Refund> {
    if (refund.status !== 'PROCESSING') return refuse(400, 'INVALID_REQUEST', `退款单已是${refund.status}状态`);
    refund.status = status;
    refund.successTime = now;
    if (status !== 'SUCCESS') {
      const { order } = refund;
      order.refunded -= refund.amount;
      if (!this.refunds().some((other) => other.order === order && (other.status === 'PROCESSING' || other.status === 'SUCCESS'))) order.tradeState = 'SUCCESS';
    }
    return accept(refund);
  }

  /** Every order, oldest first. */
  orders(): Order[] {
    return [...this.#orders.values()];
  }

  /** Every refund, oldest first. */
  refunds(): Refund[] {
    return [...this.#refunds.values()];
  }

  /** Forgets every order and refund. */
  clear(): void {
    this.#orders.clear();
    this.#refunds.clear();
  }
}
