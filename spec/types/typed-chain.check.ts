// Checked by `npm run typecheck` (tsc over spec/), never run: each `@ts-expect-error` fails the typecheck when the
// mistake below it compiles, and every other line must compile. docs/types.md describes what is checked here.
import type { Chainable, Root, WechatpayResponse } from '../../lib/index.js';

/** `true` when A and B are the same type (not merely assignable), so an `any` answer cannot pass. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the usual exact-equality test
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T>(value: T): T {
  return value;
}

const parking = { brandid: 1000, appid: 'wxcbda96de0b165486', openid: 'oWmnN4xxxxxxxxxxe92NHIGf1xd8', plate_number: '粤B888888', state: 'ENTRANCE', time: '2020-11-18T10:43:39+08:00' };
const order = { appid: 'wxd678efh567hg6787', mchid: '1230000109', description: 'Image形象店-深圳腾大-QQ公仔', out_trade_no: '1217752501201407033233368018', notify_url: 'https://www.weixin.qq.com/wxpay/pay.php', amount: { total: 100 } };

export async function correctCalls(wxpay: Root): Promise<void> {
  // The answer's schema types `res.json()`.
  const native = await wxpay.v3.pay.transactions.native.post({ json: order, headers: { 'Wechatpay-Serial': 'PUB_KEY_ID_0114232134912410000000000000' } });
  const nativeAnswer: Equal<typeof native, WechatpayResponse<{ code_url: string }>> = true;
  const url: string = native.json().code_url;
  // Property chain, chain('…') and bracket paths are typed alike; placeholders as `_name_` or `['{name}']`.
  const byProperty = await wxpay.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: order.out_trade_no, query: { mchid: order.mchid } });
  const byBracket = await wxpay.v3.pay.transactions.outTradeNo['{out_trade_no}'].get({ out_trade_no: order.out_trade_no, query: { mchid: order.mchid } });
  const byChain = await wxpay.chain('v3/pay/transactions/out-trade-no/{out_trade_no}').get({ out_trade_no: 1, query: { mchid: order.mchid } });
  const byPath = await wxpay['v3/pay/transactions/out-trade-no/{out_trade_no}'].get({ out_trade_no: order.out_trade_no, query: { mchid: order.mchid } });
  const byRelativeChain = await wxpay.v3.pay.chain('transactions/out-trade-no/{out_trade_no}').get({ out_trade_no: 'x', query: { mchid: order.mchid } });
  const states: (string | undefined)[] = [byProperty, byBracket, byChain, byPath, byRelativeChain].map((res) => res.json().trade_state);
  // `merchantService` for `merchant-service`, `complaintsV2` for `complaints-v2`.
  await wxpay.v3.merchantService.complaintsV2._complaint_id_.get({ complaint_id: '200201820200101080076610000' });
  // `…Async` variants, PHP style.
  const viaAsync = await wxpay.v3.businesscircle.parkings.postAsync({ json: parking }).then((res) => res.status).wait();
  // Transport options stay available on typed calls.
  await wxpay.v3.businesscircle.parkings.post({ json: parking, timeout: 5, http_errors: false, signal: AbortSignal.timeout(5000) });
  // APIv2: `xml` typed from the schema (`nonce_str` and `sign` are the SDK's), `res.toArray()` from the answer.
  const state = await wxpay.v2.vehicle.pay.querystate.post({
    xml: { appid: 'wxcbda96de0b165486', mch_id: '1230000109', sign_type: 'HMAC-SHA256', trade_scene: 'PARKING', openid: 'oUpF8uMuAJOM2pxb1Q', plate_number: '粤B888888', version: '3.0' },
  });
  const userState: string = state.toArray().return_code;
  // Paths outside the catalogue keep working, with `unknown` answers; so does the untyped opt-out for one call.
  const later = await wxpay.v3.somethingNew.thatShipsTomorrow.post({ json: { anything: true } });
  const laterBody = later.json();
  const laterAnswer: Equal<typeof laterBody, unknown> = true;
  await wxpay.chain('v3/businesscircle/parkings' as string).post({ json: { made: 'up' } });
  const untyped: Chainable = wxpay.chain('v3/pay' as string);
  expectType([nativeAnswer, laterAnswer, laterBody, url, states, viaAsync, userState, untyped]);
}

export async function mistakes(wxpay: Root): Promise<void> {
  // @ts-expect-error a misspelled option
  await wxpay.v3.businesscircle.parkings.post({ jsno: parking });
  // @ts-expect-error a misspelled transport option
  await wxpay.v3.businesscircle.parkings.post({ json: parking, timeuot: 5 });
  // @ts-expect-error a wrong field type: brandid is a number
  await wxpay.v3.businesscircle.parkings.post({ json: { ...parking, brandid: '1000' } });
  // @ts-expect-error missing required fields: appid, openid…
  await wxpay.v3.businesscircle.parkings.post({ json: { brandid: 1000 } });
  // @ts-expect-error a misspelled field
  await wxpay.v3.businesscircle.parkings.post({ json: { ...parking, plate_numbr: '粤B888888' } });
  // @ts-expect-error a missing path variable
  await wxpay.v3.pay.transactions.outTradeNo._out_trade_no_.get({ query: { mchid: '1230000109' } });
  // @ts-expect-error a missing required query parameter
  await wxpay['v3/pay/transactions/out-trade-no/{out_trade_no}'].get({ out_trade_no: 'x', query: {} });
  // `Wechatpay-Serial` is offered, not required: only a body with encrypted fields needs it (the issue's own example)
  await wxpay.v3.pay.transactions.native.post({ json: order });
  // @ts-expect-error a header of the wrong type
  await wxpay.v3.pay.transactions.native.post({ json: order, headers: { 'Wechatpay-Serial': 1 } });
  // @ts-expect-error a value outside the enum
  await wxpay.v3.vehicle.parking.services.find.get({ query: { appid: 'a', sub_mchid: 'b', plate_number: 'c', plate_color: 'PINK', openid: 'd' } });
  const res = await wxpay.v3.pay.transactions.native.post({ json: order, headers: { 'Wechatpay-Serial': 'x' } });
  // @ts-expect-error an answer field the schema does not have
  expectType(res.json().prepay_id);
  // @ts-expect-error a verb the path does not have
  await wxpay.v3.pay.transactions.native.get();
  // @ts-expect-error a verb the path does not have, through chain()
  await wxpay.chain('v3/pay/transactions/native').delete();
  // @ts-expect-error the Async variant is typed too
  await wxpay.v3.businesscircle.parkings.postAsync({ json: {} });
  // @ts-expect-error APIv2 data is typed: trade_scene is an enum
  await wxpay.v2.vehicle.pay.querystate.post({ xml: { appid: 'a', mch_id: 'b', sign_type: 'HMAC-SHA256', trade_scene: 'PARK', openid: 'o', plate_number: 'p', version: '3.0' } });
  const v2 = await wxpay.v2.vehicle.pay.querystate.post({ xml: { appid: 'a', mch_id: 'b', sign_type: 'HMAC-SHA256', trade_scene: 'PARKING', openid: 'o', plate_number: 'p', version: '3.0' } });
  // @ts-expect-error an APIv2 answer field the schema does not have
  expectType(v2.toArray().no_such_field);
}
