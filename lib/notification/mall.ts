/**
 * The decrypted `resource` of the three 智慧商圈 (smart business circle) callbacks. The shapes follow WeChat Pay's
 * documents of these callbacks (商圈会员积分服务授权结果通知, 商圈会员场内支付结果通知, 商圈会员场内退款通知); amounts are in
 * fen (分), times RFC 3339.
 *
 * @module
 */

/** `event_type` of 商圈会员积分服务授权结果通知 (a member authorised the points service). */
export const MALL_AUTHORIZATION_EVENT = 'MALL_AUTH.ACTIVATE_CARD';
/** `event_type` of 商圈会员场内支付结果通知 (a member paid in a shop of the mall). */
export const MALL_TRANSACTION_EVENT = 'MALL_TRANSACTION.SUCCESS';
/** `event_type` of 商圈会员场内退款通知 (a payment whose points were synchronised was refunded, within 30 days). */
export const MALL_REFUND_EVENT = 'MALL_REFUND.SUCCESS';

/** 商圈会员积分服务授权结果通知, `MALL_AUTH.ACTIVATE_CARD`. */
export interface MallAuthorizationResource {
  /** The mall's merchant ID. */
  readonly mchid: string;
  /** The member's OpenID in the mall's mini program. */
  readonly openid: string;
  /** The member card code. */
  readonly code: string;
  /**
   * How the member joined: `REGISTERED_MODE` (card opened, points service not authorised) or
   * `REGISTERED_AND_AUTHORIZATION_MODE` (card opened and points service authorised).
   */
  readonly auth_type: string;
}

/** The shop fields shared by the payment and refund callbacks. */
export interface MallShop {
  /** The mall's merchant ID. */
  readonly mchid: string;
  /** The mall merchant's name. */
  readonly merchant_name: string;
  /** The shop's name, as the mall registered it. */
  readonly shop_name: string;
  /** The shop's number, as the mall registered it (to match the mall's own shop codes). */
  readonly shop_number: string;
  /** The AppID of the mini program the member authorised in. */
  readonly appid: string;
  /** The member's OpenID under that AppID. */
  readonly openid: string;
}

/** 商圈会员场内支付结果通知, `MALL_TRANSACTION.SUCCESS`. */
export interface MallTransactionResource extends MallShop {
  /** When the payment completed (RFC 3339). */
  readonly time_end: string;
  /** The amount paid, in fen. */
  readonly amount: number;
  /** The WeChat Pay transaction ID. */
  readonly transaction_id: string;
  /** Present only when the member asked for the points by hand: tells those pushes apart from automatic ones. */
  readonly commit_tag?: string;
}

/** 商圈会员场内退款通知, `MALL_REFUND.SUCCESS`. */
export interface MallRefundResource extends MallShop {
  /** When the refund succeeded (RFC 3339). */
  readonly refund_time: string;
  /** The amount of the original payment, in fen. */
  readonly pay_amount: number;
  /** The amount refunded, in fen. */
  readonly refund_amount: number;
  /** The WeChat Pay transaction ID of the payment. */
  readonly transaction_id: string;
  /** The WeChat Pay refund ID. */
  readonly refund_id: string;
}

