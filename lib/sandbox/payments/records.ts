/**
 * What the sandbox's payment ledger keeps: orders (下单) and refunds (退款), and the refusals it answers with.
 *
 * @module
 */

import type { SignType } from '../../crypto/hash.js';
import type { JsonObject } from '../validation.js';

/** How an order is paid: the four 下单 endpoints (`MWEB` is H5, as WeChat Pay names it in the transaction). */
export type TradeType = 'JSAPI' | 'APP' | 'MWEB' | 'NATIVE';

/** An order's `trade_state`: not paid yet, paid, closed, or paid and (partly) refunded. */
export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

/** A refund's `status`. */
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

/** Who an order or refund belongs to: a direct merchant, or a 服务商 (partner) and its sub-merchant. */
export type Merchant = { readonly mchid: string } | { readonly sp_mchid: string; readonly sub_mchid: string };

/** An order, as placed and as it changed since. */
export interface Order {
  /** The 下单 endpoint it was placed with. */
  readonly tradeType: TradeType;
  /** Its merchant (direct or partner). */
  readonly merchant: Merchant;
  /** `out_trade_no`. */
  readonly outTradeNo: string;
  /** The 下单 body as received: a new request for this `out_trade_no` must carry the same. */
  readonly request: JsonObject;
  /** Where the payment callback goes. */
  readonly notifyUrl: string;
  /** `amount.total`, in fen. */
  readonly total: number;
  /** `amount.currency`. */
  readonly currency: string;
  /** What 下单 answered: `{prepay_id}`, `{code_url}` or `{h5_url}`. */
  readonly prepay: Readonly<Record<string, string>>;
  /** When it was placed. */
  readonly createdAt: Date;
  /** `trade_state`. */
  tradeState: TradeState;
  /** `transaction_id`, once paid. */
  transactionId?: string;
  /** When it was paid. */
  successTime?: Date;
  /** Who paid (`openid`, or `sp_openid`/`sub_openid` for a partner order). */
  payer: Readonly<Record<string, string>>;
  /** The refunds applied for, in fen (refunds that ended `CLOSED` or `ABNORMAL` given back). */
  refunded: number;
  /** Present for an order placed by APIv2 统一下单: its 支付成功 callback is the APIv2 one, signed with this sign type. */
  readonly apiV2?: { readonly signType: SignType };
}

/** A refund, as applied for and as it changed since. */
export interface Refund {
  /** `out_refund_no`. */
  readonly outRefundNo: string;
  /** `refund_id`. */
  readonly refundId: string;
  /** The order refunded. */
  readonly order: Order;
  /** `amount.refund`, in fen. */
  readonly amount: number;
  /** The 申请退款 body as received: a new request with this `out_refund_no` must carry the same amount. */
  readonly request: JsonObject;
  /** Where the refund callback goes: the refund's `notify_url`, else the order's. */
  readonly notifyUrl: string;
  /** When it was applied for. */
  readonly createdAt: Date;
  /** `status`. */
  status: RefundStatus;
  /** When it ended (`SUCCESS`, `CLOSED` or `ABNORMAL`). */
  successTime?: Date;
  /** `true` for a refund applied for by APIv2 申请退款: its 退款 callback is the APIv2 one (encrypted `req_info`). */
  readonly apiV2?: boolean;
}

/** A refusal, as WeChat Pay answers it: an HTTP status, a code and a message. */
export interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** A value, or the refusal that prevents it. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refusal: Refusal };

/**
 * A refusal.
 *
 * @param status - the HTTP status
 * @param code - the code, e.g. `ORDER_NOT_EXIST`
 * @param message - the message
 */
export function refuse<T>(status: number, code: string, message: string): Outcome<T> {
  return { ok: false, refusal: { status, code, message } };
}

/**
 * A success.
 *
 * @param value - the value
 */
export function accept<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** Whether a merchant is a partner (服务商) one. */
export function isPartner(merchant: Merchant): merchant is { readonly sp_mchid: string; readonly sub_mchid: string } {
  return 'sub_mchid' in merchant;
}

/** The scope `out_trade_no` and `out_refund_no` are unique in: the merchant, or the sub-merchant of a partner order. */
export function scopeOf(merchant: Merchant): string {
  return isPartner(merchant) ? `sub:${merchant.sub_mchid}` : `mch:${merchant.mchid}`;
}

/**
 * A JSON value's canonical text (object members sorted), so that two requests carrying the same fields in another
 * order compare equal.
 *
 * @param value - a parsed JSON value
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
