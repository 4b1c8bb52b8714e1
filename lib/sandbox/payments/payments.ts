/**
 * The in-process side of the sandbox's payments: what a test does in WeChat Pay's place — the user pays, a refund
 * ends — and the callback that follows, sent to the order's `notify_url` as WeChat Pay would.
 *
 * @module
 */

import { WechatpayError } from '../../errors/wechatpay-error.js';
import { sendNotification, type NotificationKind, type NotifierReply, type NotifierSource } from '../notifier.js';
import type { JsonObject } from '../validation.js';
import { PaymentLedger } from './ledger.js';
import type { Order, Outcome, Refund, RefundStatus } from './records.js';
import { refundNoticeOf, refundOf, transactionOf } from './resources.js';
import { v2PaymentNoticeOf, v2RefundNoticeOf } from './v2-resources.js';

/**
 * A sandbox payment operation refused: the order or refund does not exist, or is in a state that forbids it (a closed
 * order cannot be paid, a refund ends once). `code` is the one WeChat Pay would use, e.g. `ORDER_CLOSED`.
 */
export class SandboxPaymentError extends WechatpayError {
  /** The WeChat Pay style code, e.g. `ORDER_NOT_EXIST`. */
  readonly code: string;
  /** The HTTP status the control API answers it with. */
  readonly status: number;

  /**
   * @param status - the HTTP status
   * @param code - the code
   * @param message - what happened
   */
  constructor(status: number, code: string, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
    this.status = status;
  }
}

/** What a payment or a refund's end did: the resource as it now reads, and what the callback's handler answered. */
export interface PaymentEvent {
  /** The transaction (after a payment) or the refund (after a refund ends), as the query endpoints answer it. */
  readonly resource: JsonObject;
  /** The handler's answer to the callback; `undefined` when `notify: false` was given. */
  readonly callback: NotifierReply | undefined;
}

/** Options of {@link Payments.pay}. */
export interface PayOptions {
  /** The sub-merchant of a partner order, when two merchants used the same `out_trade_no`. */
  readonly subMchid?: string;
  /** Who pays, e.g. `{ openid }`; default the payer the order named, else a sample user. */
  readonly payer?: Readonly<Record<string, string>>;
  /** `false`: change the state without sending the callback; default `true`. */
  readonly notify?: boolean;
}

/** The callback kind of a refund's end. */
const REFUND_KINDS: Readonly<Record<Exclude<RefundStatus, 'PROCESSING'>, NotificationKind>> = { SUCCESS: 'refund.success', ABNORMAL: 'refund.abnormal', CLOSED: 'refund.closed' };

/** The value of an outcome, or the refusal thrown. */
function valueOf<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { status, code, message } = outcome.refusal;
  throw new SandboxPaymentError(status, code, message);
}

/** The orders and refunds of a sandbox, and what a test does in WeChat Pay's place. */
export class Payments {
  /** The orders and refunds the endpoints work with. */
  readonly ledger = new PaymentLedger();
  readonly #source: NotifierSource;

  /**
   * @param source - the sandbox, whose keys sign and encrypt the callbacks
   */
  constructor(source: NotifierSource) {
    this.#source = source;
  }

  /** Every order, as 查询订单 answers it, oldest first. */
  orders(): JsonObject[] {
    return this.ledger.orders().map(transactionOf);
  }

  /** Every refund, as 查询退款 answers it, oldest first. */
  refunds(): JsonObject[] {
    return this.ledger.refunds().map(refundOf);
  }

  /**
   * The user pays an order: it becomes `SUCCESS` with a new `transaction_id`, and the 支付成功 callback
   * (`TRANSACTION.SUCCESS`, signed, resource encrypted; for an order placed by APIv2 统一下单, the APIv2 支付结果通知,
   * signed XML) is POSTed to its `notify_url`. The order stays paid whatever the handler answers; a handler that
   * cannot be reached rejects with undici's error.
   *
   * @param outTradeNo - the order
   * @param options - the sub-merchant, the payer, whether to send the callback
   * @throws SandboxPaymentError `ORDER_NOT_EXIST`, `ORDER_CLOSED`, `ORDERPAID`
   */
  async pay(outTradeNo: string, options: PayOptions = {}): Promise<PaymentEvent> {
    const order = valueOf(this.ledger.lookup(outTradeNo, options.subMchid));
    valueOf(this.ledger.pay(order, new Date(), options.payer));
    const resource = transactionOf(order);
    const callback = options.notify === false ? undefined : await this.#paid(order, resource);
    return { resource, callback };
  }

  /**
   * Closes an unpaid order, as 关闭订单 does (no callback).
   *
   * @param outTradeNo - the order
   * @param subMchid - the sub-merchant of a partner order, if needed to tell orders apart
   * @throws SandboxPaymentError `ORDER_NOT_EXIST`, `ORDERPAID`
   */
  close(outTradeNo: string, subMchid?: string): JsonObject {
    const order = valueOf(this.ledger.lookup(outTradeNo, subMchid));
    return transactionOf(valueOf(this.ledger.close(order)));
  }

  /**
   * A `PROCESSING` refund ends — `SUCCESS` by default, or `ABNORMAL` or `CLOSED` (which give the amount back) — and
   * the 退款 callback (`REFUND.SUCCESS`, `REFUND.ABNORMAL` or `REFUND.CLOSED`; for a refund applied for by APIv2, the
   * APIv2 退款结果通知 with its `req_info` encrypted) is POSTed to the refund's `notify_url`, else the order's.
   *
   * @param outRefundNo - the refund
   * @param status - how it ends
   * @param notify - `false`: no callback
   * @throws SandboxPaymentError `RESOURCE_NOT_EXISTS`, or `INVALID_REQUEST` for a refund that already ended
   */
  async endRefund(outRefundNo: string, status: Exclude<RefundStatus, 'PROCESSING'> = 'SUCCESS', notify = true): Promise<PaymentEvent> {
    if (!Object.hasOwn(REFUND_KINDS, status)) throw new SandboxPaymentError(400, 'PARAM_ERROR', `a refund ends SUCCESS, ABNORMAL or CLOSED, not ${JSON.stringify(status)}`);
    const refund = valueOf(this.ledger.lookupRefund(outRefundNo));
    valueOf(this.ledger.settle(refund, status, new Date()));
    const callback = notify ? await this.#refundEnded(refund, status) : undefined;
    return { resource: refundOf(refund), callback };
  }

  /** The 支付成功 callback: APIv2's (signed XML, the order's sign type) for an order placed by APIv2, else APIv3's. */
  #paid(order: Order, resource: JsonObject): Promise<NotifierReply> {
    if (order.apiV2 === undefined) return this.#send('transaction.success', order.notifyUrl, resource);
    return sendNotification(this.#source, 'v2.payment', order.notifyUrl, { resource: v2PaymentNoticeOf(order), signType: order.apiV2.signType });
  }

  /** The 退款 callback: APIv2's (encrypted `req_info`) for a refund applied for by APIv2, else APIv3's. */
  #refundEnded(refund: Refund, status: Exclude<RefundStatus, 'PROCESSING'>): Promise<NotifierReply> {
    if (refund.apiV2 === true) return sendNotification(this.#source, 'v2.refund', refund.notifyUrl, { resource: v2RefundNoticeOf(refund) });
    return this.#send(REFUND_KINDS[status], refund.notifyUrl, refundNoticeOf(refund));
  }

  /** Sends a callback whose resource is exactly `resource`. */
  #send(kind: NotificationKind, url: string, resource: JsonObject): Promise<NotifierReply> {
    return sendNotification(this.#source, kind, url, { resource: JSON.stringify(resource) });
  }
}
