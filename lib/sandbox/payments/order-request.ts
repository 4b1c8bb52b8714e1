/**
 * The checks of a 下单 body (JSAPI, App, H5, Native; direct or partner), in the order a client would fix them:
 * required fields, their types and forms, then the merchant.
 *
 * @module
 */

import type { SignType } from '../../crypto/hash.js';
import { badFormat, badLength, mustBe, required } from '../routes/messages.js';
import { firstMissing, firstNonString, isLengthWithin, isMissing, parseRfc3339, type JsonObject } from '../validation.js';
import { accept, refuse, type Merchant, type Outcome, type TradeType } from './records.js';

/** A checked 下单 request. */
export interface OrderRequest {
  readonly tradeType: TradeType;
  readonly merchant: Merchant;
  readonly outTradeNo: string;
  readonly notifyUrl: string;
  readonly total: number;
  readonly currency: string;
  /** The payer the request names (JSAPI), else `{}`. */
  readonly payer: Readonly<Record<string, string>>;
  /** Present for an APIv2 统一下单: the request's sign type (see `Order.apiV2`). */
  readonly apiV2?: { readonly signType: SignType };
}

/** `out_trade_no` and `out_refund_no`: 6–32 digits, letters and `_-|*`. */
const MERCHANT_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;

/** The largest order amount, in fen. */
const MAX_TOTAL = 100_000_000_000;

/** The required fields of a direct and of a partner order. */
const REQUIRED = {
  direct: ['appid', 'mchid', 'description', 'out_trade_no', 'notify_url', 'amount'],
  partner: ['sp_appid', 'sp_mchid', 'sub_mchid', 'description', 'out_trade_no', 'notify_url', 'amount'],
} as const;

/** The string fields checked for type. */
const STRINGS = ['appid', 'mchid', 'sp_appid', 'sp_mchid', 'sub_appid', 'sub_mchid', 'description', 'out_trade_no', 'notify_url', 'attach', 'time_expire', 'goods_tag'];

/** `400 PARAM_ERROR`. */
function paramError<T>(message: string): Outcome<T> {
  return refuse(400, 'PARAM_ERROR', message);
}

/** A member that must be a JSON object, or `undefined`. */
function objectOf(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/**
 * Whether `text` is an `http://` or `https://` URL. WeChat Pay requires `https://`; the sandbox also takes `http://`,
 * so that callbacks can reach a handler on 127.0.0.1.
 *
 * @param text - the URL
 */
export function isNotifyUrl(text: string): boolean {
  if (!/^https?:\/\//.test(text) || !isLengthWithin(text, 10, 256)) return false;
  return URL.canParse(text);
}

/**
 * Checks `out_trade_no` or `out_refund_no`: 6–32 digits, letters and `_-|*`.
 *
 * @param text - the merchant number
 */
export function isMerchantNo(text: string): boolean {
  return MERCHANT_NO.test(text);
}

/** `amount.total` and `amount.currency`, or the refusal. */
function amountOf(amount: unknown): Outcome<{ total: number; currency: string }> {
  const object = objectOf(amount);
  if (object === undefined) return paramError(mustBe('amount', '对象'));
  const { total, currency = 'CNY' } = object;
  if (isMissing(total)) return paramError(required('amount.total'));
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 1 || total > MAX_TOTAL) return paramError(badFormat('amount.total'));
  if (currency !== 'CNY') return paramError(badFormat('amount.currency'));
  return accept({ total, currency });
}

/** The payer of a JSAPI order: `openid` (direct), `sp_openid` or `sub_openid` (partner; `sub_openid` needs `sub_appid`). */
function payerOf(body: JsonObject, partner: boolean): Outcome<Record<string, string>> {
  const payer = objectOf(body.payer);
  if (payer === undefined) return paramError(required('payer'));
  const names = partner ? ['sp_openid', 'sub_openid'] : ['openid'];
  const given = Object.fromEntries(names.flatMap((name) => (typeof payer[name] === 'string' && payer[name] !== '' ? [[name, payer[name]]] : [])));
  if (Object.keys(given).length === 0) return paramError(required(`payer.${names.join('或payer.')}`));
  if (given.sub_openid !== undefined && isMissing(body.sub_appid)) return paramError(required('sub_appid'));
  return accept(given);
}

/** H5: `scene_info.payer_client_ip` and `scene_info.h5_info.type`. */
function h5Problem(body: JsonObject): string | undefined {
  const scene = objectOf(body.scene_info);
  if (scene === undefined || isMissing(scene.payer_client_ip)) return required('scene_info.payer_client_ip');
  if (isMissing(objectOf(scene.h5_info)?.type)) return required('scene_info.h5_info.type');
  return undefined;
}

/** The merchant a body names, if it is the caller (`mchid`, or `sp_mchid` for a partner). */
function merchantOf(body: JsonObject, partner: boolean, caller: string): Outcome<Merchant> {
  const field = partner ? 'sp_mchid' : 'mchid';
  if (body[field] !== caller) return paramError(`${field}与发起调用的商户号不一致`);
  return accept(partner ? { sp_mchid: caller, sub_mchid: String(body.sub_mchid) } : { mchid: caller });
}

/**
 * Checks a 下单 body.
 *
 * @param body - the JSON body
 * @param tradeType - the endpoint's trade type
 * @param partner - whether it is a `/v3/pay/partner/…` endpoint
 * @param caller - the calling merchant (from its `Authorization`)
 * @returns the order request, or a `400 PARAM_ERROR`
 */
export function checkOrderRequest(body: JsonObject, tradeType: TradeType, partner: boolean, caller: string): Outcome<OrderRequest> {
  const absent = firstMissing(body, REQUIRED[partner ? 'partner' : 'direct']);
  if (absent !== undefined) return paramError(required(absent));
  const notString = firstNonString(body, STRINGS);
  if (notString !== undefined) return paramError(mustBe(notString, '字符串'));
  // the required ones are present and every one of them a string, as checked above
  const fields = body as { description: string; out_trade_no: string; notify_url: string; attach?: string; time_expire?: string };
  const { description, out_trade_no: outTradeNo, notify_url: notifyUrl, attach, time_expire: expire } = fields;
  if (!isLengthWithin(description, 1, 127)) return paramError(badLength('description', 1, 127));
  if (!isMerchantNo(outTradeNo)) return paramError(badFormat('out_trade_no'));
  if (!isNotifyUrl(notifyUrl)) return paramError(badFormat('notify_url'));
  if (attach !== undefined && !isLengthWithin(attach, 0, 128)) return paramError(badLength('attach', 0, 128));
  if (expire !== undefined && parseRfc3339(expire) === undefined) return paramError(badFormat('time_expire'));
  const amount = amountOf(body.amount);
  if (!amount.ok) return amount;
  const payer = tradeType === 'JSAPI' ? payerOf(body, partner) : accept({});
  if (!payer.ok) return payer;
  const h5 = tradeType === 'MWEB' ? h5Problem(body) : undefined;
  if (h5 !== undefined) return paramError(h5);
  const merchant = merchantOf(body, partner, caller);
  if (!merchant.ok) return merchant;
  return accept({ tradeType, merchant: merchant.value, outTradeNo, notifyUrl, ...amount.value, payer: payer.value });
}
