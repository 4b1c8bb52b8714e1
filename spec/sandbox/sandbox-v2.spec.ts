import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, request, type Dispatcher } from 'undici';
import { Transformer } from '../../lib/index.js';
import { createTestPki, DOCTYPE_PROBE, Sandbox, V2_ROUTES, type TestPki } from '../../lib/sandbox/index.js';
import { redpack, referenceSign, refundOf, seed002 } from '../helpers/v2.js';

const pki: TestPki = createTestPki();
let sandbox: Sandbox;
const plain = new Agent();
const anonymous = new Agent({ connect: { ca: pki.ca.cert } });
const merchant = new Agent({ connect: { ca: pki.ca.cert, cert: pki.merchant.cert, key: pki.merchant.keyPem } });

before(async () => {
  sandbox = await Sandbox.start({ pki });
});
after(async () => {
  await sandbox.close();
  await Promise.all([plain.close(), anonymous.close(), merchant.close()]);
});

interface Reply {
  status: number;
  text: string;
  data: Record<string, string>;
}

/** The fields with a `nonce_str` and the `sign` made independently (node:crypto) with the sandbox key. */
function signed(fields: Record<string, string>, type: 'MD5' | 'HMAC-SHA256' = 'MD5', key = sandbox.secret): Record<string, string> {
  const withNonce = { nonce_str: 'ibuaiVcKdpRxkhJA', ...fields };
  return { ...withNonce, sign: referenceSign(withNonce, key, type) };
}

/** Plain XML of flat fields (the test values need no escaping but CDATA for JSON). */
function xmlOf(fields: Record<string, string>): string {
  return `<xml>${Object.entries(fields).map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`).join('')}</xml>`;
}

/** Sends a raw APIv2 request (XML text, or for GET the fields as the query) and parses the answer. */
async function send(path: string, body: string | Record<string, string>, options: { base?: string; dispatcher?: Dispatcher; method?: 'GET' | 'POST' } = {}): Promise<Reply> {
  const method = options.method ?? 'POST';
  const query = method === 'GET' && typeof body !== 'string' ? `?${new URLSearchParams(body).toString()}` : '';
  const response = await request(`${options.base ?? sandbox.url}${path.slice(1)}${query}`, {
    dispatcher: options.dispatcher ?? plain,
    method,
    ...(method === 'POST' ? { body: typeof body === 'string' ? body : xmlOf(body), headers: { 'content-type': 'text/xml' } } : {}),
  });
  const text = await response.body.text();
  let data: Record<string, string> = {};
  try {
    data = Transformer.toArray(text) as Record<string, string>;
  } catch {
    // a DOCTYPE probe: asserted on its text
  }
  return { status: response.statusCode, text, data };
}

/** Asserts a `return_code` FAIL answer: unsigned, with that message. */
function assertReturnFail(reply: Reply, message: string, status = 200): void {
  assert.equal(reply.status, status);
  assert.deepEqual(reply.data, { return_code: 'FAIL', return_msg: message });
}

const querystate = () => ({ appid: 'wxcbda96de0b165486', mch_id: sandbox.mchid, trade_scene: 'PARKING', openid: 'oUpF8uMuAJOM2pxb1Q' });

describe('APIv2 requests: told apart from APIv3 by path and Authorization, checked like WeChat Pay checks them', () => {
  it('a correctly signed request gets a signed answer, MD5 or HMAC-SHA256 as the request', async () => {
    for (const type of ['MD5', 'HMAC-SHA256'] as const) {
      const reply = await send('/vehicle/pay/querystate', signed({ ...querystate(), ...(type === 'MD5' ? {} : { sign_type: type }) }, type));
      assert.equal(reply.status, 200);
      assert.equal(reply.data.return_code, 'SUCCESS');
      assert.equal(reply.data.result_code, 'SUCCESS');
      assert.equal(reply.data.sign, referenceSign(reply.data, sandbox.secret, type));
      assert.match(reply.data.nonce_str ?? '', /^[0-9A-Za-z]{32}$/);
    }
    assert.equal(sandbox.lastRequest()?.authorized, false, 'the APIv3 Authorization check is not made');
  });

  it('a GET carries its fields in the query', async () => {
    const reply = await send('/vehicle/pay/querystate', signed(querystate()), { method: 'GET' });
    assert.equal(reply.data.user_state, 'NORMAL');
  });

  it('refuses, unsigned, a request without nonce_str, with an unknown sign_type, a wrong, lower-case or missing sign, or another merchant', async () => {
    const fields = querystate();
    const withoutNonce = { ...fields, sign: referenceSign(fields, sandbox.secret) };
    assertReturnFail(await send('/vehicle/pay/querystate', withoutNonce), 'nonce_str参数缺失');
    assertReturnFail(await send('/vehicle/pay/querystate', signed({ ...fields, sign_type: 'hmac-sha256' })), 'sign_type参数错误');
    assertReturnFail(await send('/vehicle/pay/querystate', signed(fields, 'MD5', 'x'.repeat(32))), '签名错误');
    assertReturnFail(await send('/vehicle/pay/querystate', signed({ ...fields, sign_type: 'HMAC-SHA256' }, 'MD5')), '签名错误');
    const good = signed(fields);
    assertReturnFail(await send('/vehicle/pay/querystate', { ...good, sign: (good.sign ?? '').toLowerCase() }), '签名错误');
    assertReturnFail(await send('/vehicle/pay/querystate', { ...good, sign: '' }), '签名错误');
    assertReturnFail(await send('/vehicle/pay/querystate', { nonce_str: 'n', ...fields }), '签名错误');
    assertReturnFail(await send('/vehicle/pay/querystate', signed({ ...fields, mch_id: '1230000109' })), 'mch_id参数错误');
  });

  it('refuses a DOCTYPE payload (never expanded) and a body that is not XML', async () => {
    const probe = `<!DOCTYPE xml [<!ENTITY id SYSTEM "file:///etc/hostname">]>${xmlOf(signed(querystate()))}`;
    assertReturnFail(await send('/vehicle/pay/querystate', probe), 'XML格式错误');
    assertReturnFail(await send('/vehicle/pay/querystate', JSON.stringify(querystate())), 'XML格式错误');
  });

  it('answers an unknown path 404 with return_code FAIL', async () => {
    assertReturnFail(await send('/pay/micropay', signed({ mch_id: sandbox.mchid })), '接口不存在：POST /pay/micropay', 404);
  });

  it('lists its endpoints', () => {
    assert.deepEqual(
      V2_ROUTES.map((route) => [route.path, route.certificate, route.signed]),
      [
        ['/vehicle/pay/notification', false, true],
        ['/vehicle/pay/querystate', false, true],
        ['/pay/unifiedorder', false, true],
        ['/pay/orderquery', false, true],
        ['/mmpaymkttransfers/sendredpack', true, false],
        ['/secapi/pay/refund', true, true],
      ],
    );
  });
});

describe('seed 002 /vehicle/pay/notification', () => {
  it('answers the seed fields from sandbox.state', async () => {
    const reply = await send('/vehicle/pay/notification', signed(seed002(sandbox.mchid), 'HMAC-SHA256'));
    assert.deepEqual(Object.keys(reply.data), ['return_code', 'return_msg', 'appid', 'mch_id', 'nonce_str', 'result_code', 'user_state', 'deduct_mode', 'sign']);
    assert.equal(reply.data.user_state, 'NORMAL');
    assert.equal(reply.data.deduct_mode, 'PROACTIVE');
  });

  it('a business error is result_code FAIL, signed, with err_code and err_code_des', async () => {
    const reply = await send('/vehicle/pay/notification', signed({ ...seed002(sandbox.mchid), appid: '' }, 'HMAC-SHA256'));
    assert.equal(reply.data.return_code, 'SUCCESS');
    assert.equal(reply.data.result_code, 'FAIL');
    assert.equal(reply.data.err_code, 'PARAM_ERROR');
    assert.equal(reply.data.err_code_des, '业务必填字段appid为空');
    assert.equal(reply.data.sign, referenceSign(reply.data, sandbox.secret, 'HMAC-SHA256'));
  });
});

describe('the certificate endpoints and the HTTPS listener', () => {
  it('over HTTPS with the merchant certificate: a red packet answered unsigned, a refund answered signed', async () => {
    const red = await send('/mmpaymkttransfers/sendredpack', signed(redpack(sandbox.mchid)), { base: sandbox.httpsUrl, dispatcher: merchant });
    assert.equal(red.data.result_code, 'SUCCESS');
    assert.equal(red.data.sign, undefined);
    assert.equal(red.data.total_amount, '1000');
    const refund = await send('/secapi/pay/refund', signed(refundOf(sandbox.mchid)), { base: sandbox.httpsUrl, dispatcher: merchant });
    assert.equal(refund.data.result_code, 'SUCCESS');
    assert.match(refund.data.refund_id ?? '', /^50\d{27}$/);
    assert.equal(refund.data.sign, referenceSign(refund.data, sandbox.secret));
  });

  it('over HTTPS without a certificate, or with one the test CA did not issue, the connection is dropped', async () => {
    const foreign = createTestPki();
    const stranger = new Agent({ connect: { ca: pki.ca.cert, cert: foreign.merchant.cert, key: foreign.merchant.keyPem } });
    try {
      for (const dispatcher of [anonymous, stranger]) {
        await assert.rejects(send('/secapi/pay/refund', signed(refundOf(sandbox.mchid)), { base: sandbox.httpsUrl, dispatcher }), { code: 'UND_ERR_SOCKET' });
      }
    } finally {
      await stranger.close();
    }
  });

  it('over plain HTTP they answer CA_ERROR (unsigned for red packets, signed for refunds)', async () => {
    const red = await send('/mmpaymkttransfers/sendredpack', signed(redpack(sandbox.mchid)));
    assert.equal(red.data.err_code, 'CA_ERROR');
    assert.equal(red.data.sign, undefined);
    const refund = await send('/secapi/pay/refund', signed(refundOf(sandbox.mchid)));
    assert.equal(refund.data.err_code, 'CA_ERROR');
    assert.equal(refund.data.sign, referenceSign(refund.data, sandbox.secret));
  });

  it('checks red packet amounts and refund fees', async () => {
    const https = { base: sandbox.httpsUrl, dispatcher: merchant };
    const cases: [string, Record<string, string>, string, string][] = [
      ['/mmpaymkttransfers/sendredpack', { ...redpack(sandbox.mchid), total_amount: '99' }, 'PARAM_ERROR', 'total_amount超出取值范围'],
      ['/mmpaymkttransfers/sendredpack', { ...redpack(sandbox.mchid), total_num: '2' }, 'PARAM_ERROR', 'total_num超出取值范围'],
      ['/secapi/pay/refund', { ...refundOf(sandbox.mchid), refund_fee: '101' }, 'INVALID_REQUEST', '退款金额大于支付金额'],
      ['/secapi/pay/refund', { ...refundOf(sandbox.mchid), total_fee: '1.5' }, 'PARAM_ERROR', 'total_fee格式有误'],
      ['/secapi/pay/refund', { ...refundOf(sandbox.mchid), transaction_id: '' }, 'PARAM_ERROR', '业务必填字段transaction_id或out_trade_no为空'],
    ];
    for (const [path, fields, code, description] of cases) {
      const reply = await send(path, signed(fields), https);
      assert.equal(reply.data.err_code, code, description);
      assert.equal(reply.data.err_code_des, description);
    }
  });

  it('serves the APIv3 routes over HTTPS without a client certificate (here: 401, signed, for a request with a bad Authorization)', async () => {
    const response = await request(`${sandbox.httpsUrl}v3/vehicle/parking/services/find`, { dispatcher: anonymous, headers: { authorization: 'WECHATPAY2-SHA256-RSA2048 x' } });
    assert.equal(response.statusCode, 401);
    assert.equal((await response.body.json() as { code: string }).code, 'SIGN_ERROR');
    assert.ok(response.headers['wechatpay-signature']);
  });

  it('httpsClientConfig(): clientConfig() on the HTTPS URL, with the test CA as verify and the merchant certificate', () => {
    const config = sandbox.httpsClientConfig();
    assert.match(sandbox.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    assert.notEqual(sandbox.httpsUrl, sandbox.url.replace('http:', 'https:'));
    assert.deepEqual(config, { ...sandbox.clientConfig(), base_uri: sandbox.httpsUrl, verify: pki.ca.cert, merchant: { cert: pki.merchant.cert, key: pki.merchant.keyPem } });
  });

  it('counts TLS handshakes; reset() zeroes the count', async () => {
    const fresh = new Agent({ connect: { ca: pki.ca.cert, cert: pki.merchant.cert, key: pki.merchant.keyPem } });
    try {
      sandbox.reset();
      assert.equal(sandbox.tlsHandshakes, 0);
      await send('/secapi/pay/refund', signed(refundOf(sandbox.mchid)), { base: sandbox.httpsUrl, dispatcher: fresh });
      assert.equal(sandbox.tlsHandshakes, 1);
      sandbox.reset();
      assert.equal(sandbox.tlsHandshakes, 0);
    } finally {
      await fresh.close();
    }
  });
});

describe('APIv2 faults', () => {
  const ask = () => send('/vehicle/pay/querystate', signed(querystate()));

  it('bad-signature, v2-missing-sign, v2-lowercase-sign change only the sign', async () => {
    sandbox.fault('bad-signature');
    const bad = await ask();
    assert.equal(bad.data.result_code, 'SUCCESS');
    assert.match(bad.data.sign ?? '', /^[0-9A-F]{32}$/);
    assert.notEqual(bad.data.sign, referenceSign(bad.data, sandbox.secret));
    sandbox.fault('v2-missing-sign');
    const missing = await ask();
    assert.equal(missing.data.user_state, 'NORMAL');
    assert.equal(missing.data.sign, undefined);
    sandbox.fault('v2-lowercase-sign');
    const lower = await ask();
    assert.equal(lower.data.sign, referenceSign(lower.data, sandbox.secret).toLowerCase());
    const next = await ask();
    assert.equal(next.data.sign, referenceSign(next.data, sandbox.secret), 'the faults were used up');
  });

  it('v2-return-fail, v2-result-fail, v2-doctype and system-error replace the answer', async () => {
    sandbox.fault('v2-return-fail');
    assertReturnFail(await ask(), '系统繁忙,请稍后再试.');
    sandbox.fault('v2-result-fail');
    const result = await ask();
    assert.equal(result.data.result_code, 'FAIL');
    assert.equal(result.data.err_code, 'SYSTEMERROR');
    assert.equal(result.data.err_code_des, '系统繁忙');
    assert.equal(result.data.sign, referenceSign(result.data, sandbox.secret));
    sandbox.fault('v2-doctype');
    const probe = await ask();
    assert.equal(probe.text, DOCTYPE_PROBE);
    sandbox.fault('system-error');
    assertReturnFail(await ask(), '系统繁忙,请稍后再试.', 500);
  });

  it('refuses unknown fault names, and counts APIv2 faults down on APIv3 answers too', async () => {
    assert.throws(() => sandbox.fault('v2-anything' as 'v2-doctype'), TypeError);
    sandbox.fault('v2-doctype');
    await request(`${sandbox.url}v3/nothing`, { dispatcher: plain }).then((r) => r.body.text());
    assert.equal((await ask()).data.result_code, 'SUCCESS');
  });
});

describe('close()', () => {
  it('closes both listeners', async () => {
    const other = await Sandbox.start({ pki });
    await send('/secapi/pay/refund', signed(refundOf(other.mchid), 'MD5', other.secret), { base: other.httpsUrl, dispatcher: merchant });
    await other.close();
    await assert.rejects(request(other.url), { code: 'ECONNREFUSED' });
    await assert.rejects(request(other.httpsUrl, { dispatcher: new Agent({ connect: { ca: pki.ca.cert } }) }), { code: 'ECONNREFUSED' });
  });
});
