import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { request } from 'undici';
import { Builder, Notification, ServerError, type Root } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';

// The control API is driven here with plain HTTP requests (undici), as a shell or a PHP test would: no SDK.

interface Reply {
  status: number;
  headers: Record<string, unknown>;
  json: any;
}

async function control(method: string, path: string, body?: unknown): Promise<Reply> {
  const init = body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  const response = await request(`${sandbox.controlUrl}${path}`, { method: method as 'GET', ...init });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, json: text === '' ? undefined : JSON.parse(text) };
}

const received: { headers: IncomingHttpHeaders; body: Buffer }[] = [];
let handlerServer: Server;
let handlerUrl: string;
let sandbox: Sandbox;
let wxpay: Root;

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  wxpay = Builder.factory(sandbox.clientConfig());
  handlerServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => handlerServer.listen(0, '127.0.0.1', resolve));
  handlerUrl = `http://127.0.0.1:${(handlerServer.address() as AddressInfo).port}/notify`;
});
after(async () => {
  await wxpay.getDriver().close();
  await new Promise((resolve) => handlerServer.close(resolve));
  await sandbox.close();
});
beforeEach(async () => {
  received.length = 0;
  assert.equal((await control('POST', 'reset')).status, 204);
  assert.equal((await control('DELETE', 'orders')).status, 204);
});

const order = (no: string) => ({ appid: 'wxd678efh567hg6787', mchid: sandbox.mchid, description: 'x', out_trade_no: no, notify_url: handlerUrl, amount: { total: 88 } });

describe('control API over plain HTTP', () => {
  it('GET / names the addresses; the control API is unsigned JSON and its calls are not recorded', async () => {
    const index = await control('GET', '');
    assert.equal(index.status, 200);
    assert.deepEqual(index.json, { url: sandbox.url, httpsUrl: sandbox.httpsUrl, controlUrl: sandbox.controlUrl, mchid: sandbox.mchid, merchantSerial: sandbox.merchantSerial, platformSerial: sandbox.platformSerial, mode: 'public-key' });
    assert.equal(sandbox.controlUrl, `${sandbox.url}__sandbox/`);
    assert.equal(index.headers['wechatpay-signature'], undefined);
    assert.deepEqual((await control('GET', 'requests')).json, []);
  });

  it('GET requests: every request with its signature verdict, the signature itself redacted', async () => {
    await wxpay.v3.pay.transactions.native.post({ json: order('CTRL0001') });
    await request(`${sandbox.url}v3/pay/transactions/native`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1"' } }).then((r) => r.body.dump());
    const log = (await control('GET', 'requests')).json as any[];
    assert.equal(log.length, 2);
    assert.equal(log[0].authorized, true);
    assert.equal(log[0].target, '/v3/pay/transactions/native');
    assert.equal(JSON.parse(log[0].text).out_trade_no, 'CTRL0001');
    assert.equal(Buffer.from(log[0].bodyBase64, 'base64').toString(), log[0].text);
    assert.match(log[0].headers.authorization, /serial_no="[0-9A-F]+",.*signature="\[REDACTED\]"/);
    assert.equal(log[1].authorized, false);
    assert.match(log[1].authError, /missing Authorization field serial_no/);
  });

  it('POST faults arms anything sandbox.fault() takes, with its checks; POST reset clears them', async () => {
    assert.equal((await control('POST', 'faults', { fault: 'system-error' })).status, 204);
    await assert.rejects(wxpay.v3.pay.transactions.native.post({ json: order('CTRL0002') }), (e: unknown) => e instanceof ServerError && e.status === 500);
    await wxpay.v3.pay.transactions.native.post({ json: order('CTRL0002') });
    const unknown = await control('POST', 'faults', { fault: 'explode' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.message, /Unknown sandbox fault "explode"/);
    assert.equal((await control('POST', 'faults', { fault: { kind: 'delay', ms: -1 } })).status, 400);
    assert.match((await control('POST', 'faults', {})).json.message, /^give the fault/);
    assert.equal((await control('POST', 'faults', { fault: 'system-error', times: 0 })).json.code, 'PARAM_ERROR');
    assert.equal((await control('POST', 'faults', { fault: 'system-error', times: 'Infinity' })).status, 204);
    for (let i = 0; i < 2; i++) await assert.rejects(wxpay.v3.pay.transactions.native.post({ json: order('CTRL0002') }));
    await control('POST', 'reset');
    await wxpay.v3.pay.transactions.native.post({ json: order('CTRL0002') });
  });

  it('GET and PATCH state: members checked before any is applied', async () => {
    const state = (await control('GET', 'state')).json;
    assert.equal(state.rateLimit, 50);
    const patched = await control('PATCH', 'state', { rateLimit: 1, serviceState: 'PAUSE' });
    assert.equal(patched.json.rateLimit, 1);
    assert.equal(sandbox.state.serviceState, 'PAUSE');
    const refused = await control('PATCH', 'state', { userState: 'BLOCK', serviceState: 'ASLEEP' });
    assert.equal(refused.status, 400);
    assert.match(refused.json.message, /serviceState takes NORMAL, PAUSE, OUT_SERVICE/);
    assert.equal(sandbox.state.userState, 'NORMAL', 'nothing applied');
    assert.equal((await control('PATCH', 'state', { nope: 1 })).status, 400);
    await control('POST', 'state', { rateLimit: 50, serviceState: 'NORMAL' });
    assert.equal(sandbox.state.rateLimit, 50);
  });

  it('orders and refunds: list, pay (the callback is sent, verified here), close, end a refund', async () => {
    await wxpay.v3.pay.transactions.native.post({ json: order('CTRL0003') });
    assert.deepEqual(((await control('GET', 'orders')).json as any[]).map((o) => [String(o.out_trade_no), String(o.trade_state)]), [['CTRL0003', 'NOTPAY']]);
    const paid = await control('POST', 'orders/CTRL0003/pay', { payer: { openid: 'o-shell' } });
    assert.equal(paid.status, 200);
    assert.equal(paid.json.resource.trade_state, 'SUCCESS');
    assert.deepEqual(paid.json.callback, { status: 204, body: '' });
    const event = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key }).v3<Record<string, any>>(received[0].headers, received[0].body);
    assert.deepEqual(event.resource.payer, { openid: 'o-shell' });
    assert.equal((await control('POST', 'orders/CTRL0003/pay')).json.code, 'ORDERPAID');
    assert.equal((await control('GET', 'orders/CTRL0003')).json.transaction_id, event.resource.transaction_id);
    assert.equal((await control('GET', 'orders/NOPE')).status, 404);

    await wxpay.v3.pay.transactions.native.post({ json: order('CTRL0004') });
    assert.equal((await control('POST', 'orders/CTRL0004/close')).json.trade_state, 'CLOSED');
    assert.equal((await control('POST', 'orders/CTRL0004/pay')).json.code, 'ORDER_CLOSED');

    await wxpay.v3.refund.domestic.refunds.post({ json: { out_trade_no: 'CTRL0003', out_refund_no: 'CTRLR001', amount: { refund: 88, total: 88, currency: 'CNY' } } });
    const ended = await control('POST', 'refunds/CTRLR001/end', { status: 'ABNORMAL' });
    assert.equal(ended.json.resource.status, 'ABNORMAL');
    assert.equal(received.length, 2);
    assert.equal((await control('GET', 'refunds')).json[0].status, 'ABNORMAL');
    assert.equal((await control('POST', 'refunds/CTRLR001/end')).status, 400);
  });

  it('POST notify sends any callback kind to a URL; a handler that cannot be reached is a 502', async () => {
    const sent = await control('POST', 'notify', { kind: 'refund.success', url: handlerUrl, resource: { out_refund_no: 'SHELL001' } });
    assert.equal(sent.json.callback.status, 204);
    const event = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key }).v3<Record<string, any>>(received[0].headers, received[0].body);
    assert.equal(event.event_type, 'REFUND.SUCCESS');
    assert.equal(event.resource.out_refund_no, 'SHELL001');
    assert.equal((await control('POST', 'notify', { kind: 'nope', url: handlerUrl })).status, 400);
    const unreachable = await control('POST', 'notify', { kind: 'v2.payment', url: 'http://127.0.0.1:1/notify' });
    assert.equal(unreachable.status, 502);
    assert.equal(unreachable.json.code, 'CALLBACK_FAILED');
  });

  it('unknown endpoints 404, other methods 405, a body that is not a JSON object 400', async () => {
    assert.equal((await control('GET', 'nothing')).status, 404);
    assert.equal((await control('DELETE', 'state')).status, 405);
    assert.equal((await control('POST', 'faults', 'not json')).status, 400);
    assert.equal((await control('POST', 'faults', '[1]')).status, 400);
  });
});
