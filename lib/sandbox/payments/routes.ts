/**
 * The payment endpoints with state: 下单 (JSAPI, App, H5, Native; direct and partner), 查询订单 (by `out_trade_no`
 * and by `transaction_id`), 关闭订单, 申请退款 and 查询退款, over the sandbox's {@link PaymentLedger}.
 *
 * @module
 */

import { json, noContent, paramError, problem, type Answer } from '../answer.js';
import { required } from '../routes/messages.js';
import type { Route, RouteInput } from '../router.js';
import { firstMissing, type JsonObject } from '../validation.js';
import type { PaymentLedger } from './ledger.js';
import { checkOrderRequest } from './order-request.js';
import { scopeOf, type Outcome, type TradeType } from './records.js';
import { checkRefundRequest } from './refund-request.js';
import { refundOf, transactionOf } from './resources.js';

/** The 下单 endpoints' last segment, and the trade type it places. */
const TRADE_TYPES: readonly (readonly [segment: string, type: TradeType])[] = [
  ['jsapi', 'JSAPI'],
  ['app', 'APP'],
  ['h5', 'MWEB'],
  ['native', 'NATIVE'],
];

/** Runs `handle` with the ledger, or answers `500 SYSTEM_ERROR` when the server passed none. */
function withLedger(input: RouteInput, handle: (ledger: PaymentLedger) => Answer): Answer {
  const ledger = input.platform?.payments?.ledger;
  if (ledger === undefined) return problem(500, 'SYSTEM_ERROR', 'sandbox wiring: dispatch() was called without a payment ledger');
  return handle(ledger);
}

/** The answer of an outcome: `ok` mapped to a body, a refusal as WeChat Pay's error. */
function answerOf<T>(outcome: Outcome<T>, body: (value: T) => Answer): Answer {
  return outcome.ok ? body(outcome.value) : problem(outcome.refusal.status, outcome.refusal.code, outcome.refusal.message);
}

/** The 下单 handler of a trade type, direct or partner. */
function placeOrder(tradeType: TradeType, partner: boolean) {
  return (input: RouteInput): Answer =>
    withLedger(input, (ledger) => {
      const request = checkOrderRequest(input.body, tradeType, partner, input.mchid);
      if (!request.ok) return answerOf(request, () => noContent());
      return answerOf(ledger.place(request.value, input.body, input.now), (order) => json(200, order.prepay));
    });
}

/**
 * The merchant scope a query or close names: `mchid` (the caller) for a direct endpoint; `sp_mchid` (the caller) and
 * `sub_mchid` for a partner one. Or the `PARAM_ERROR` answer.
 */
function scopeNamed(fields: JsonObject, partner: boolean, caller: string): string | Answer {
  const names = partner ? ['sp_mchid', 'sub_mchid'] : ['mchid'];
  const absent = firstMissing(fields, names);
  if (absent !== undefined) return paramError(required(absent));
  const own = partner ? 'sp_mchid' : 'mchid';
  if (fields[own] !== caller) return paramError(`${own}与发起调用的商户号不一致`);
  return scopeOf(partner ? { sp_mchid: caller, sub_mchid: String(fields.sub_mchid) } : { mchid: caller });
}

/** 查询订单 by `out_trade_no` or `transaction_id`, direct or partner. */
function queryOrder(by: 'out_trade_no' | 'transaction_id', partner: boolean) {
  return (input: RouteInput): Answer =>
    withLedger(input, (ledger) => {
      const scope = scopeNamed(input.query, partner, input.mchid);
      if (typeof scope !== 'string') return scope;
      return answerOf(ledger.find(scope, by, input.params[by] ?? ''), (order) => json(200, transactionOf(order)));
    });
}

/** 关闭订单, direct or partner: `204`. */
function closeOrder(partner: boolean) {
  return (input: RouteInput): Answer =>
    withLedger(input, (ledger) => {
      const scope = scopeNamed(input.body, partner, input.mchid);
      if (typeof scope !== 'string') return scope;
      const found = ledger.find(scope, 'out_trade_no', input.params.out_trade_no ?? '');
      return answerOf(found.ok ? ledger.close(found.value) : found, () => noContent());
    });
}

/** 申请退款: the refund, `PROCESSING` until it is marked ended through the sandbox. */
function applyRefund(input: RouteInput): Answer {
  return withLedger(input, (ledger) => {
    const request = checkRefundRequest(input.body, input.mchid);
    if (!request.ok) return answerOf(request, () => noContent());
    return answerOf(ledger.refund(request.value, input.body, input.now), (refund) => json(200, refundOf(refund)));
  });
}

/** 查询单笔退款 by `out_refund_no` (`?sub_mchid=` for a sub-merchant's). */
function queryRefund(input: RouteInput): Answer {
  return withLedger(input, (ledger) => {
    const subMchid = input.query.sub_mchid;
    const scope = scopeOf(subMchid === undefined || subMchid === '' ? { mchid: input.mchid } : { sp_mchid: input.mchid, sub_mchid: subMchid });
    return answerOf(ledger.findRefund(scope, input.params.out_refund_no ?? ''), (refund) => json(200, refundOf(refund)));
  });
}

/** The endpoints of one family: direct (`/v3/pay/transactions`) or partner (`/v3/pay/partner/transactions`). */
function transactionRoutes(partner: boolean): Route[] {
  const base = partner ? '/v3/pay/partner/transactions' : '/v3/pay/transactions';
  return [
    ...TRADE_TYPES.map(([segment, type]): Route => ({ method: 'POST', path: `${base}/${segment}`, handle: placeOrder(type, partner) })),
    { method: 'GET', path: `${base}/out-trade-no/{out_trade_no}`, handle: queryOrder('out_trade_no', partner) },
    { method: 'GET', path: `${base}/id/{transaction_id}`, handle: queryOrder('transaction_id', partner) },
    { method: 'POST', path: `${base}/out-trade-no/{out_trade_no}/close`, handle: closeOrder(partner) },
  ];
}

/** The payment endpoints. */
export const paymentRoutes: readonly Route[] = [
  ...transactionRoutes(false),
  ...transactionRoutes(true),
  { method: 'POST', path: '/v3/refund/domestic/refunds', handle: applyRefund },
  { method: 'GET', path: '/v3/refund/domestic/refunds/{out_refund_no}', handle: queryRefund },
];
