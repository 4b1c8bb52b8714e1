import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Builder, ClientError, Notification, type Root } from '../../lib/index.js';
import { createTestPki, Sandbox, SandboxPaymentError } from '../../lib/sandbox/index.js';
import { untyped } from '../helpers/untyped.js';
import { startHandler, V3_SUCCESS, type Handler } from '../helpers/callback-handler.js';

const pki = createTestPki();
let sandbox: Sandbox;
let wxpay: Root;
let handler: Handler;
let notification: Notification;

before(async () => {
  sandbox = await Sandbox.start({ pki });
  wxpay = Builder.factory(sandbox.clientConfig());
  handler = await startHandler(V3_SUCCESS);
  notification = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key });
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

function order(outTradeNo: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { appid: APPID, mchid: sandbox.mchid, description: 'Image形象店-深圳腾大-QQ公仔', out_trade_no: outTradeNo, notify_url: handler.url, amount: { total: 100, currency: 'CNY' }, ...extra };
}

/** Asserts that a call is refused with this status and code. */
async function refused(call: Promise<unknown>, status: number, code: string): Promise<ClientError> {
  let caught: unknown;
  await call.catch((error: unknown) => (caught = error));
  assert.ok(caught instanceof ClientError, `expected a ClientError ${code}, got ${String(caught)}`);
  assert.equal(caught.status, status);
  assert.equal(caught.code, code, caught.wechatMessage);
  return caught;
}

describe('payments with state (APIv3)', () => {
  it('JSAPI end to end: order → query NOTPAY → pay → callback verified and decrypted → query SUCCESS → refund → refund callback → refund query', async () => {
    const placed = await untyped(wxpay).v3.pay.transactions.jsapi.post({ json: order('T20240520001', { payer: { openid: OPENID }, attach: 'cart-7' }) });
    const prepayId = placed.json<{ prepay_id: string }>().prepay_id;
    assert.match(prepayId, /^wx\d{14}[0-9a-z]{22}$/);

    const before = (await wxpay.v3.pay.transactions['out-trade-no']._out_trade_no_.get({ out_trade_no: 'T20240520001', query: { mchid: sandbox.mchid } })).json<Record<string, any>>();
    assert.equal(before.trade_state, 'NOTPAY');
    assert.equal(before.transaction_id, undefined);
    assert.equal(before.attach, 'cart-7');

    const paid = await sandbox.pay('T20240520001');
    assert.equal(paid.callback?.status, 200);
    assert.equal(handler.received.length, 1);
    const [callback] = handler.received;
    const event = notification.v3<Record<string, any>>(callback.headers, callback.body);
    assert.equal(event.event_type, 'TRANSACTION.SUCCESS');
    assert.equal(event.resource.out_trade_no, 'T20240520001');
    assert.equal(event.resource.trade_state, 'SUCCESS');
    assert.deepEqual(event.resource.payer, { openid: OPENID });
    assert.deepEqual(event.resource.amount, { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' });
    const transactionId = event.resource.transaction_id as string;
    assert.match(transactionId, /^4200\d{24}$/);

    const query = wxpay.chain('v3/pay/transactions/id/{transaction_id}');
    const after = (await query.get({ transaction_id: transactionId, query: { mchid: sandbox.mchid } })).json<Record<string, any>>();
    assert.equal(after.trade_state, 'SUCCESS');
    assert.deepEqual(after, event.resource, 'the query answers what the callback carried');

    const refundBody = { out_trade_no: 'T20240520001', out_refund_no: 'R20240520001', amount: { refund: 60, total: 100, currency: 'CNY' } };
    const refund = (await wxpay.v3.refund.domestic.refunds.post({ json: refundBody })).json<Record<string, any>>();
    assert.equal(refund.status, 'PROCESSING');
    assert.equal(refund.transaction_id, transactionId);
    assert.match(refund.refund_id, /^50\d{27}$/);
    assert.equal((await query.get({ transaction_id: transactionId, query: { mchid: sandbox.mchid } })).json<Record<string, string>>().trade_state, 'REFUND');

    const ended = await sandbox.refundSucceeded('R20240520001');
    assert.equal(ended.callback?.status, 200);
    const refundEvent = notification.v3<Record<string, any>>(handler.received[1].headers, handler.received[1].body);
    assert.equal(refundEvent.event_type, 'REFUND.SUCCESS');
    assert.equal(refundEvent.resource.refund_status, 'SUCCESS');
    assert.equal(refundEvent.resource.refund_id, refund.refund_id);
    assert.deepEqual(refundEvent.resource.amount, { total: 100, refund: 60, payer_total: 100, payer_refund: 60 });

    const queried = (await wxpay.v3.refund.domestic.refunds._out_refund_no_.get({ out_refund_no: 'R20240520001' })).json<Record<string, any>>();
    assert.equal(queried.status, 'SUCCESS');
    assert.equal(typeof queried.success_time, 'string');
    await assert.rejects(sandbox.refundSucceeded('R20240520001'), (e: unknown) => e instanceof SandboxPaymentError && e.code === 'INVALID_REQUEST');
  });

  it('App, H5 and Native answer prepay_id, h5_url and code_url', async () => {
    const app = (await untyped(wxpay).v3.pay.transactions.app.post({ json: order('A0000001') })).json<Record<string, string>>();
    assert.deepEqual(Object.keys(app), ['prepay_id']);
    const native = (await untyped(wxpay).v3.pay.transactions.native.post({ json: order('N0000001') })).json<Record<string, string>>();
    assert.match(native.code_url, /^weixin:\/\/wxpay\/bizpayurl\?pr=\w{7}$/);
    await refused(untyped(wxpay).v3.pay.transactions.h5.post({ json: order('H0000001') }), 400, 'PARAM_ERROR');
    const h5 = (await untyped(wxpay).v3.pay.transactions.h5.post({ json: order('H0000001', { scene_info: { payer_client_ip: '127.0.0.1', h5_info: { type: 'Wap' } } }) })).json<Record<string, string>>();
    assert.match(h5.h5_url, /^https:\/\/wx\.tenpay\.com\/cgi-bin\/mmpayweb-bin\/checkmweb\?prepay_id=wx/);
    const types = sandbox.payments.orders().map((o) => o.trade_type);
    assert.deepEqual(types, ['APP', 'NATIVE', 'MWEB']);
  });

  it('partner (服务商) orders: sp_mchid + sub_mchid, payer sub_openid needs sub_appid, queried and closed by sub_mchid', async () => {
    const partner = { sp_appid: APPID, sp_mchid: sandbox.mchid, sub_mchid: '1900000109', description: 'x', out_trade_no: 'P0000001', notify_url: handler.url, amount: { total: 5 } };
    const refusal = await refused(untyped(wxpay).v3.pay.partner.transactions.jsapi.post({ json: { ...partner, payer: { sub_openid: OPENID } } }), 400, 'PARAM_ERROR');
    assert.equal(refusal.wechatMessage, '业务必填字段sub_appid为空');
    const placed = (await wxpay.v3.pay.partner.transactions.jsapi.post({ json: { ...partner, payer: { sp_openid: OPENID } } })).json<Record<string, string>>();
    assert.ok(placed.prepay_id);
    const path = wxpay.chain('v3/pay/partner/transactions/out-trade-no/{out_trade_no}');
    const queried = (await path.get({ out_trade_no: 'P0000001', query: { sp_mchid: sandbox.mchid, sub_mchid: '1900000109' } })).json<Record<string, any>>();
    assert.equal(queried.sub_mchid, '1900000109');
    assert.equal(queried.trade_state, 'NOTPAY');
    await refused(path.get({ out_trade_no: 'P0000001', query: { sp_mchid: sandbox.mchid, sub_mchid: '1900000110' } }), 404, 'ORDER_NOT_EXIST');
    const close = await wxpay.chain('v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close').post({ out_trade_no: 'P0000001', json: { sp_mchid: sandbox.mchid, sub_mchid: '1900000109' } });
    assert.equal(close.status, 204);
    assert.equal((await path.get({ out_trade_no: 'P0000001', query: { sp_mchid: sandbox.mchid, sub_mchid: '1900000109' } })).json<Record<string, string>>().trade_state, 'CLOSED');
  });
});

describe('payment rules', () => {
  it('the same out_trade_no with the same body answers the same prepay_id; another body is OUT_TRADE_NO_USED', async () => {
    const body = order('I0000001', { payer: { openid: OPENID } });
    const first = (await untyped(wxpay).v3.pay.transactions.jsapi.post({ json: body })).json<Record<string, string>>();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const second = (await untyped(wxpay).v3.pay.transactions.jsapi.post({ json: reordered })).json<Record<string, string>>();
    assert.equal(second.prepay_id, first.prepay_id);
    await refused(untyped(wxpay).v3.pay.transactions.jsapi.post({ json: { ...body, amount: { total: 101, currency: 'CNY' } } }), 403, 'OUT_TRADE_NO_USED');
    assert.equal(sandbox.payments.orders().length, 1);
  });

  it('a closed order cannot be paid nor ordered again; a paid one cannot be closed', async () => {
    await untyped(wxpay).v3.pay.transactions.native.post({ json: order('C0000001') });
    const close = wxpay.chain('v3/pay/transactions/out-trade-no/{out_trade_no}/close');
    assert.equal((await close.post({ out_trade_no: 'C0000001', json: { mchid: sandbox.mchid } })).status, 204);
    await assert.rejects(sandbox.pay('C0000001'), (e: unknown) => e instanceof SandboxPaymentError && e.code === 'ORDER_CLOSED');
    await refused(untyped(wxpay).v3.pay.transactions.native.post({ json: order('C0000001') }), 400, 'ORDER_CLOSED');
    assert.equal(handler.received.length, 0, 'no callback for an order that was not paid');

    await untyped(wxpay).v3.pay.transactions.native.post({ json: order('C0000002') });
    await sandbox.pay('C0000002', { notify: false });
    await refused(close.post({ out_trade_no: 'C0000002', json: { mchid: sandbox.mchid } }), 400, 'ORDERPAID');
    await refused(close.post({ out_trade_no: 'C0000404', json: { mchid: sandbox.mchid } }), 404, 'ORDER_NOT_EXIST');
    await assert.rejects(sandbox.pay('C0000002'), (e: unknown) => e instanceof SandboxPaymentError && e.code === 'ORDERPAID');
  });

  it('refunds never exceed the amount paid, the same out_refund_no refunds once, an unpaid order is not refunded', async () => {
    await untyped(wxpay).v3.pay.transactions.native.post({ json: order('F0000001') });
    const refund = (no: string, amount: number) => wxpay.v3.refund.domestic.refunds.post({ json: { out_trade_no: 'F0000001', out_refund_no: no, amount: { refund: amount, total: 100, currency: 'CNY' } } });
    await refused(refund('RF000001', 10), 400, 'INVALID_REQUEST');
    await sandbox.pay('F0000001', { notify: false });
    const first = (await refund('RF000001', 70)).json<Record<string, string>>();
    const again = (await refund('RF000001', 70)).json<Record<string, string>>();
    assert.equal(again.refund_id, first.refund_id, 'the same out_refund_no answers the same refund');
    await refused(refund('RF000001', 20), 400, 'INVALID_REQUEST');
    const exceeded = await refused(refund('RF000002', 31), 400, 'INVALID_REQUEST');
    assert.equal(exceeded.wechatMessage, '申请退款金额超过订单可退金额');
    await refund('RF000002', 30);
    await refused(refund('RF000003', 1), 400, 'INVALID_REQUEST');
    assert.equal(sandbox.payments.refunds().length, 2);
    await refused(untyped(wxpay).v3.refund.domestic.refunds.post({ json: { out_trade_no: 'NOPE0001', out_refund_no: 'RF000009', amount: { refund: 1, total: 100 } } }), 404, 'RESOURCE_NOT_EXISTS');
    await refused(wxpay.v3.refund.domestic.refunds._out_refund_no_.get({ out_refund_no: 'RF000404' }), 404, 'RESOURCE_NOT_EXISTS');

    const closed = await sandbox.payments.endRefund('RF000002', 'CLOSED');
    assert.equal(closed.resource.status, 'CLOSED');
    assert.equal(notification.v3<Record<string, any>>(handler.received[0].headers, handler.received[0].body).event_type, 'REFUND.CLOSED');
    await refund('RF000004', 30);
  });

  it('checks 下单 bodies: required fields, the merchant, the amount, the JSAPI payer', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ description: undefined }, '业务必填字段description为空'],
      [{ mchid: '1900000999' }, 'mchid与发起调用的商户号不一致'],
      [{ amount: { total: 0 } }, 'amount.total格式有误'],
      [{ amount: { total: 1, currency: 'USD' } }, 'amount.currency格式有误'],
      [{ out_trade_no: 'a b' }, 'out_trade_no格式有误'],
      [{ notify_url: 'ftp://example.com/notify' }, 'notify_url格式有误'],
      [{ payer: {} }, '业务必填字段payer.openid为空'],
    ];
    for (const [change, message] of cases) {
      const body = { ...order('V0000001', { payer: { openid: OPENID } }), ...change };
      const error = await refused(wxpay.v3.pay.transactions.jsapi.post({ json: JSON.parse(JSON.stringify(body)) }), 400, 'PARAM_ERROR');
      assert.equal(error.wechatMessage, message);
    }
    await refused(wxpay.v3.pay.transactions['out-trade-no']._out_trade_no_.get({ out_trade_no: 'V0000001', query: {} }), 400, 'PARAM_ERROR');
  });
});
