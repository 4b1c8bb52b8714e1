import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Builder, Notification, Transformer, V2ResponseError, type Root } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { referenceSign } from '../helpers/v2.js';
import { untyped } from '../helpers/untyped.js';
import { startHandler, V2_SUCCESS, type Handler } from '../helpers/callback-handler.js';

const pki = createTestPki();
let sandbox: Sandbox;
let wxpay: Root;
let handler: Handler;
let notification: Notification;

before(async () => {
  sandbox = await Sandbox.start({ pki });
  wxpay = Builder.factory(sandbox.httpsClientConfig());
  handler = await startHandler(V2_SUCCESS);
  notification = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key, secret: sandbox.secret });
});
after(async () => {
  await wxpay.getDriver().close();
  await handler.close();
  await sandbox.close();
});
beforeEach(() => {
  sandbox.payments.ledger.clear();
  handler.received.length = 0;
});

const APPID = 'wxd678efh567hg6787';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
type Fields = Record<string, string>;

/** An APIv2 统一下单 request of `tradeType`. */
function unified(outTradeNo: string, tradeType: string, extra: Record<string, string | number> = {}): Record<string, string | number> {
  const needs: Record<string, Record<string, string>> = { JSAPI: { openid: OPENID }, NATIVE: { product_id: 'P100' }, MWEB: { scene_info: '{"h5_info":{"type":"Wap"}}' }, APP: {} };
  return { appid: APPID, mch_id: sandbox.mchid, body: '腾讯充值中心-QQ会员充值', out_trade_no: outTradeNo, total_fee: 100, spbill_create_ip: '123.12.12.123', notify_url: handler.url, trade_type: tradeType, ...needs[tradeType], ...extra };
}

async function unifiedOrder(xml: Record<string, string | number>): Promise<Fields> {
  return (await untyped(wxpay).v2.pay.unifiedorder.post({ xml })).toArray() as Fields;
}

async function orderQuery(xml: Record<string, string>): Promise<Fields> {
  return (await untyped(wxpay).v2.pay.orderquery.post({ xml: { appid: APPID, mch_id: sandbox.mchid, ...xml } })).toArray() as Fields;
}

async function refundV2(xml: Record<string, string | number>): Promise<Fields> {
  return (await untyped(wxpay).v2.secapi.pay.refund.post({ xml: { appid: APPID, mch_id: sandbox.mchid, total_fee: 100, ...xml }, security: true })).toArray() as Fields;
}

async function queryV3(outTradeNo: string): Promise<Record<string, any>> {
  return (await wxpay.v3.pay.transactions['out-trade-no']._out_trade_no_.get({ out_trade_no: outTradeNo, query: { mchid: sandbox.mchid } })).json<Record<string, any>>();
}

/** Asserts that an APIv2 call fails with `result_code` FAIL and this `err_code`; returns `err_code_des`. */
async function failsWith(call: Promise<unknown>, errCode: string): Promise<string> {
  let caught: unknown;
  await call.catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof V2ResponseError, `expected a V2ResponseError ${errCode}, got ${String(caught)}`);
  assert.equal(caught.resultCode, 'FAIL');
  assert.equal(caught.errCode, errCode, caught.errCodeDes);
  return caught.errCodeDes ?? '';
}

describe('APIv2 payments with state', () => {
  it('NATIVE end to end: 统一下单 → 查询订单 NOTPAY → pay → APIv2 callback (signed XML) → SUCCESS → refund → APIv2 refund callback → APIv3 sees it all', async () => {
    const placed = await unifiedOrder(unified('V2N0001', 'NATIVE', { attach: 'cart-9' }));
    assert.equal(placed.trade_type, 'NATIVE');
    assert.match(placed.prepay_id ?? '', /^wx\d{14}[0-9a-z]{22}$/);
    assert.match(placed.code_url ?? '', /^weixin:\/\/wxpay\/bizpayurl\?pr=/);
    assert.equal(placed.sign, referenceSign(placed, sandbox.secret));

    const before = await orderQuery({ out_trade_no: 'V2N0001' });
    assert.equal(before.trade_state, 'NOTPAY');
    assert.equal(before.total_fee, '100');
    assert.equal(before.transaction_id, undefined);
    assert.equal((await queryV3('V2N0001')).trade_state, 'NOTPAY');

    const paid = await sandbox.pay('V2N0001');
    assert.equal(paid.callback?.status, 200);
    assert.equal(handler.received.length, 1);
    const message = notification.v2<Fields>(handler.received[0]?.body ?? '');
    assert.equal(message.authentication, 'sign');
    const sent = message.message as Fields;
    assert.equal(sent.sign, referenceSign(sent, sandbox.secret));
    assert.deepEqual([sent.out_trade_no, sent.total_fee, sent.trade_type, sent.attach, sent.appid, sent.mch_id], ['V2N0001', '100', 'NATIVE', 'cart-9', APPID, sandbox.mchid]);
    assert.equal(sent.transaction_id, paid.resource.transaction_id);

    const after = await orderQuery({ transaction_id: sent.transaction_id ?? '' });
    assert.equal(after.trade_state, 'SUCCESS');
    assert.equal(after.out_trade_no, 'V2N0001');
    assert.equal(after.time_end, sent.time_end);
    assert.match(after.time_end ?? '', /^\d{14}$/);
    assert.equal((await queryV3('V2N0001')).transaction_id, sent.transaction_id);

    const refund = await refundV2({ out_trade_no: 'V2N0001', out_refund_no: 'V2R0001', refund_fee: 40 });
    assert.deepEqual([refund.transaction_id, refund.refund_fee, refund.total_fee], [sent.transaction_id, '40', '100']);
    assert.equal((await orderQuery({ out_trade_no: 'V2N0001' })).trade_state, 'REFUND');

    await sandbox.refundSucceeded('V2R0001');
    const refunded = notification.v2<Fields>(handler.received[1]?.body ?? '');
    assert.equal(refunded.authentication, 'req_info');
    assert.deepEqual([refunded.req_info?.refund_id, refunded.req_info?.refund_status, refunded.req_info?.refund_fee], [refund.refund_id, 'SUCCESS', '40']);
    const v3Refund = (await wxpay.v3.refund.domestic.refunds._out_refund_no_.get({ out_refund_no: 'V2R0001' })).json<Record<string, any>>();
    assert.equal(v3Refund.status, 'SUCCESS');
    assert.equal(v3Refund.refund_id, refund.refund_id);
  });

  it('JSAPI, APP and MWEB: prepay_id for each, mweb_url for MWEB; an HMAC-SHA256 order gets an HMAC-SHA256 callback', async () => {
    const jsapi = await unifiedOrder(unified('V2J0001', 'JSAPI', { sign_type: 'HMAC-SHA256' }));
    assert.equal(jsapi.sign, referenceSign(jsapi, sandbox.secret, 'HMAC-SHA256'));
    assert.deepEqual(Object.keys(jsapi).filter((name) => name.endsWith('_url')), []);
    const app = await unifiedOrder(unified('V2A0001', 'APP'));
    assert.match(app.prepay_id ?? '', /^wx/);
    const mweb = await unifiedOrder(unified('V2M0001', 'MWEB'));
    assert.ok(mweb.mweb_url?.startsWith(`https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${mweb.prepay_id ?? ''}&package=`), mweb.mweb_url);

    await sandbox.pay('V2J0001');
    const sent = Transformer.toArray(handler.received[0]?.body ?? '') as Fields;
    assert.equal(sent.sign_type, 'HMAC-SHA256');
    assert.equal(sent.sign, referenceSign(sent, sandbox.secret, 'HMAC-SHA256'));
    assert.equal(sent.openid, OPENID);
    assert.equal((await orderQuery({ out_trade_no: 'V2J0001' })).openid, OPENID);
    assert.deepEqual((await queryV3('V2J0001')).payer, { openid: OPENID });
  });

  it('the same out_trade_no: the same fields answer the same prepay_id (new nonce, other sign type); other fields OUT_TRADE_NO_USED; closed ORDERCLOSED; paid ORDERPAID', async () => {
    const first = await unifiedOrder(unified('V2I0001', 'NATIVE'));
    const again = await unifiedOrder(unified('V2I0001', 'NATIVE', { sign_type: 'HMAC-SHA256' }));
    assert.equal(again.prepay_id, first.prepay_id);
    assert.equal(again.code_url, first.code_url);
    assert.equal(await failsWith(unifiedOrder(unified('V2I0001', 'NATIVE', { total_fee: 101 })), 'OUT_TRADE_NO_USED'), '商户订单号重复');
    assert.equal(sandbox.payments.orders().length, 1);

    await unifiedOrder(unified('V2I0002', 'APP'));
    sandbox.payments.close('V2I0002');
    await failsWith(unifiedOrder(unified('V2I0002', 'APP')), 'ORDERCLOSED');
    assert.equal((await orderQuery({ out_trade_no: 'V2I0002' })).trade_state, 'CLOSED');

    await sandbox.pay('V2I0001', { notify: false });
    await failsWith(unifiedOrder(unified('V2I0001', 'NATIVE')), 'ORDERPAID');
  });

  it('shares the ledger with APIv3: an APIv3 order is queried and refunded by APIv2, its number refused to APIv2 统一下单, and the reverse', async () => {
    const v3Order = { appid: APPID, mchid: sandbox.mchid, description: 'QQ公仔', out_trade_no: 'V3X0001', notify_url: handler.url, amount: { total: 100 }, payer: { openid: OPENID } };
    await wxpay.v3.pay.transactions.jsapi.post({ json: v3Order });
    const queried = await orderQuery({ out_trade_no: 'V3X0001' });
    assert.deepEqual([queried.trade_type, queried.trade_state, queried.total_fee], ['JSAPI', 'NOTPAY', '100']);
    await failsWith(unifiedOrder(unified('V3X0001', 'JSAPI')), 'OUT_TRADE_NO_USED');
    await failsWith(refundV2({ out_trade_no: 'V3X0001', out_refund_no: 'X3R0001', refund_fee: 10 }), 'INVALID_REQUEST');

    await sandbox.pay('V3X0001');
    assert.equal(handler.received[0]?.headers['wechatpay-signature'] !== undefined, true, 'an APIv3 order gets the APIv3 callback');
    const refund = await refundV2({ out_trade_no: 'V3X0001', out_refund_no: 'X3R0001', refund_fee: 70 });
    assert.equal(refund.refund_fee, '70');
    const repeated = await refundV2({ out_trade_no: 'V3X0001', out_refund_no: 'X3R0001', refund_fee: 70 });
    assert.equal(repeated.refund_id, refund.refund_id, 'the same out_refund_no refunds once');
    assert.match(await failsWith(refundV2({ out_trade_no: 'V3X0001', out_refund_no: 'X3R0002', refund_fee: 31 }), 'INVALID_REQUEST'), /超过/);
    await failsWith(refundV2({ out_trade_no: 'V3X0001', out_refund_no: 'X3R0001', refund_fee: 60 }), 'INVALID_REQUEST');
    assert.equal(sandbox.payments.refunds().length, 1);

    await unifiedOrder(unified('V2X0001', 'APP'));
    const v3 = await wxpay.v3.pay.transactions.app.post({ json: { ...v3Order, out_trade_no: 'V2X0001', payer: undefined } }).catch((error: unknown) => error);
    assert.equal((v3 as { code?: string }).code, 'OUT_TRADE_NO_USED');
    await sandbox.pay('V2X0001', { notify: false });
    const v3Refund = await wxpay.v3.refund.domestic.refunds.post({ json: { out_trade_no: 'V2X0001', out_refund_no: 'X2R0001', amount: { refund: 100, total: 100, currency: 'CNY' } } });
    assert.equal(v3Refund.json<{ status: string }>().status, 'PROCESSING');
    await failsWith(refundV2({ out_trade_no: 'V2X0001', out_refund_no: 'X2R0002', refund_fee: 1 }), 'INVALID_REQUEST');
    assert.equal((await orderQuery({ out_trade_no: 'V2X0001' })).trade_state, 'REFUND');
  });

  it('refund rules for ledger orders: a paid order, total_fee equal to the order, no more than is left', async () => {
    await unifiedOrder(unified('V2F0001', 'APP'));
    assert.match(await failsWith(refundV2({ out_trade_no: 'V2F0001', out_refund_no: 'V2F0001R1', refund_fee: 10 }), 'INVALID_REQUEST'), /未支付/);
    await sandbox.pay('V2F0001', { notify: false });
    assert.equal(await failsWith(refundV2({ out_trade_no: 'V2F0001', out_refund_no: 'V2F0001R1', total_fee: 200, refund_fee: 10 }), 'INVALID_REQUEST'), 'total_fee与原订单金额不一致');
    await refundV2({ out_trade_no: 'V2F0001', out_refund_no: 'V2F0001R1', refund_fee: 100 });
    await failsWith(refundV2({ out_trade_no: 'V2F0001', out_refund_no: 'V2F0001R2', refund_fee: 1 }), 'INVALID_REQUEST');
  });

  it('an order the ledger does not know: 查询订单 ORDERNOTEXIST; 申请退款 stays stateless (a new refund_id each time)', async () => {
    assert.match(await failsWith(orderQuery({ out_trade_no: 'NOSUCH001' }), 'ORDERNOTEXIST'), /不存在/);
    await failsWith(orderQuery({ transaction_id: '4200000000000000000000000009' }), 'ORDERNOTEXIST');
    const refund = { transaction_id: '4200000000000000000000000001', out_refund_no: 'R1', refund_fee: 60 };
    const [one, two] = [await refundV2(refund), await refundV2(refund)];
    assert.equal(one.refund_fee, '60');
    assert.notEqual(one.refund_id, two.refund_id);
    assert.equal(sandbox.payments.refunds().length, 0);
  });

  it('checks 统一下单 and 查询订单 fields: PARAM_ERROR naming the field', async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ ...unified('V2P0001', 'NATIVE'), spbill_create_ip: '' }, '业务必填字段spbill_create_ip为空'],
      [unified('V2P0001', 'MICROPAY'), 'trade_type'],
      [{ ...unified('V2P0001', 'JSAPI'), openid: '' }, '业务必填字段openid为空'],
      [{ ...unified('V2P0001', 'NATIVE'), product_id: '' }, '业务必填字段product_id为空'],
      [{ ...unified('V2P0001', 'MWEB'), scene_info: '' }, '业务必填字段scene_info为空'],
      [unified('V2P0001', 'APP', { total_fee: '1.5' }), 'total_fee格式有误'],
      [unified('V2P0001', 'APP', { notify_url: 'ftp://example.com/notify' }), 'notify_url格式有误'],
      [unified('V2P0001!', 'APP'), 'out_trade_no格式有误'],
      [unified('V2P0001', 'APP', { time_expire: '2024-05-20' }), 'time_expire格式有误'],
      [unified('V2P0001', 'APP', { fee_type: 'USD' }), 'fee_type'],
      [unified('V2P0001', 'APP', { body: '充'.repeat(129) }), 'body'],
      [unified('V2P0001', 'APP', { sub_mch_id: '1900000109' }), 'sub_mch_id'],
    ];
    for (const [xml, description] of cases) assert.ok((await failsWith(unifiedOrder(xml), 'PARAM_ERROR')).includes(description), description);
    assert.equal(await failsWith(orderQuery({}), 'PARAM_ERROR'), '业务必填字段transaction_id或out_trade_no为空');
    assert.equal(sandbox.payments.orders().length, 0);
  });
});
