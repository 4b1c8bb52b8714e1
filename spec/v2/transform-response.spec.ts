import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import {
  Builder,
  ServerError,
  SignatureMismatchError,
  Transformer,
  V2ResponseError,
  V2_UNSIGNED_PATHS,
  XmlError,
  isV2UnsignedPath,
  type Chainable,
} from '../../lib/index.js';
import type { Sandbox } from '../../lib/sandbox/index.js';
import { closeSandboxClient, redpack, referenceSign, seed002, startSandboxClient } from '../helpers/v2.js';
import { untyped } from '../helpers/untyped.js';

let sandbox: Sandbox;
let wxpay: Chainable;

before(async () => ({ sandbox, wxpay } = await startSandboxClient()));
after(() => closeSandboxClient({ sandbox, wxpay }));

const querystate = () => ({ appid: 'wxcbda96de0b165486', mch_id: sandbox.mchid, trade_scene: 'PARKING', openid: 'oUpF8uMuAJOM2pxb1Q' });

/** Rejects with an error of `type` that passes `check`, and returns it. */
async function rejection<T>(call: Promise<unknown>, type: new (...args: never[]) => T, check: (error: T) => void = () => undefined): Promise<T> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    check(error);
    return error;
  }
  assert.fail(`expected a ${type.name}`);
}

describe('return_code and result_code', () => {
  it('return_code FAIL rejects with a V2ResponseError exposing return_msg, the parsed body and the response', async () => {
    sandbox.fault('v2-return-fail');
    const error = await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate() }), V2ResponseError);
    assert.equal(error.message, 'FAIL: 系统繁忙,请稍后再试. (POST /vehicle/pay/querystate)');
    assert.equal(error.returnCode, 'FAIL');
    assert.equal(error.returnMsg, '系统繁忙,请稍后再试.');
    assert.equal(error.resultCode, undefined);
    assert.deepEqual(error.data, { return_code: 'FAIL', return_msg: '系统繁忙,请稍后再试.' });
    assert.equal(error.response.status, 200);
    assert.equal(error.request.method, 'POST');
  });

  it('SUCCESS with result_code FAIL rejects with err_code and err_code_des', async () => {
    sandbox.fault('v2-result-fail');
    const error = await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate() }), V2ResponseError);
    assert.equal(error.message, 'FAIL SYSTEMERROR: 系统繁忙 (POST /vehicle/pay/querystate)');
    assert.equal(error.returnCode, 'SUCCESS');
    assert.equal(error.resultCode, 'FAIL');
    assert.equal(error.errCode, 'SYSTEMERROR');
    assert.equal(error.errCodeDes, '系统繁忙');
    assert.equal(error.data.mch_id, sandbox.mchid);
    assert.match(error.response.text(), /<result_code>FAIL<\/result_code>/);
  });

  it('the sandbox\'s own refusals are return_code FAIL too (a request signed with another key)', async () => {
    const other = untyped(Builder.factory({ ...sandbox.clientConfig(), secret: 'b'.repeat(32) }));
    const error = await rejection(other.v2.vehicle.pay.querystate.post({ xml: querystate() }), V2ResponseError);
    assert.equal(error.message, 'FAIL: 签名错误 (POST /vehicle/pay/querystate)');
    await other.getDriver().close();
  });

  it('a 5xx is a ServerError first (http_errors sits inside transform_response); with http_errors: false the body is checked', async () => {
    sandbox.fault('system-error');
    await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate() }), ServerError, (e) => assert.equal(e.status, 500));
    sandbox.fault('system-error');
    await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate(), http_errors: false }), V2ResponseError, (e) => assert.equal(e.response.status, 500));
  });
});

describe('the answer sign', () => {
  it('verifies MD5 (32 characters) and HMAC-SHA256 (64, told by the length) answers', async () => {
    for (const signType of ['MD5', 'HMAC-SHA256'] as const) {
      const res = await wxpay.v2.vehicle.pay.querystate.post({ xml: { ...querystate(), sign_type: signType } });
      const body = Transformer.toArray(res.text()) as Record<string, string>;
      assert.equal(body.sign, referenceSign(body, sandbox.secret, signType));
      assert.equal(body.sign?.length, signType === 'MD5' ? 32 : 64);
    }
  });

  it('a sign over other data is a SignatureMismatchError that shows neither the sign nor the key', async () => {
    sandbox.fault('bad-signature');
    const error = await rejection(wxpay.v2.vehicle.pay.notification.post({ xml: seed002(sandbox.mchid) }), SignatureMismatchError);
    assert.equal(
      error.message,
      'The APIv2 answer to POST /vehicle/pay/notification cannot be trusted: its HMAC-SHA256 `sign` does not match the data under the configured `secret` (a wrong APIv2 key, or a forged or altered answer).',
    );
    const sign = /<sign>(\w+)<\/sign>/.exec(error.response.text())?.[1];
    assert.equal(sign?.length, 64);
    const printed = `${inspect(error, { depth: 6 })} ${JSON.stringify(error.request)}`;
    assert.equal(printed.includes(sign ?? ''), false);
    assert.equal(printed.includes(sandbox.secret), false);
  });

  it('a lower-case sign is refused (case-sensitive compare)', async () => {
    sandbox.fault('v2-lowercase-sign');
    await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate() }), SignatureMismatchError, (e) => assert.match(e.message, /its MD5 `sign` does not match/));
  });

  it('a missing sign is refused and the message points at verify_signature', async () => {
    sandbox.fault('v2-missing-sign');
    await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate() }), SignatureMismatchError, (e) =>
      assert.match(e.message, /it has no `sign`; if this endpoint answers unsigned, pass `verify_signature: false`/),
    );
  });

  it('a streamed answer is verified, then handed on as a stream of the same bytes', async () => {
    const res = await wxpay.v2.vehicle.pay.querystate.post({ xml: querystate(), stream: true });
    assert.ok(res.stream instanceof Readable);
    const chunks: Buffer[] = [];
    for await (const chunk of res.stream) chunks.push(chunk as Buffer);
    assert.equal(Transformer.toArray(Buffer.concat(chunks)).user_state, 'NORMAL');
    sandbox.fault('bad-signature');
    await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate(), stream: true }), SignatureMismatchError);
  });
});

describe('res.toArray(): the checked answer, parsed once', () => {
  it('gives what Transformer.toArray(String(res.getBody())) gives, without parsing the answer again', async () => {
    const original = Transformer.toArray.bind(Transformer);
    let parses = 0;
    Transformer.toArray = (xml) => {
      parses += 1;
      return original(xml);
    };
    try {
      const res = await wxpay.v2.vehicle.pay.querystate.post({ xml: querystate() });
      const afterCall = parses; // the sandbox's parse of the request, and the pipeline's check of the answer
      const data = res.toArray();
      assert.equal(res.toArray(), data);
      assert.equal(parses, afterCall); // reused, not parsed again
      assert.equal(data.user_state, 'NORMAL');
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- PHP's (string) $res->getBody(), compared
      assert.deepEqual(data, original(String(res.getBody())));
      const unchecked = await wxpay.v2.vehicle.pay.querystate.post({ xml: querystate(), verify_signature: false });
      const beforeRead = parses;
      unchecked.toArray();
      unchecked.toArray();
      assert.equal(parses, beforeRead + 1); // an answer nobody checked is parsed by the first toArray(), once
    } finally {
      Transformer.toArray = original;
    }
  });

  it('works for a streamed answer, whose stream still carries the bytes', async () => {
    const streamed = await wxpay.v2.vehicle.pay.querystate.post({ xml: querystate(), stream: true });
    assert.equal(streamed.toArray().user_state, 'NORMAL');
    assert.ok(streamed.stream instanceof Readable);
    const chunks: Buffer[] = [];
    for await (const chunk of streamed.stream) chunks.push(chunk as Buffer);
    assert.deepEqual(Transformer.toArray(Buffer.concat(chunks)), streamed.toArray());
  });
});

describe('hardened parsing of answers', () => {
  it('a DOCTYPE answer is an XmlError (never expanded) with the response attached and the parser error as cause', async () => {
    sandbox.fault('v2-doctype');
    const error = await rejection(wxpay.v2.vehicle.pay.querystate.post({ xml: querystate() }), XmlError);
    assert.equal(error.reason, 'entity');
    assert.match(error.message, /^The APIv2 answer to POST \/vehicle\/pay\/querystate is refused: The XML input declares an entity \(<!ENTITY\); entity declarations are refused/);
    assert.ok(error.cause instanceof XmlError);
    assert.equal(error.response?.status, 200);
    assert.match(error.response?.text() ?? '', /<!DOCTYPE/);
    assert.equal(error.request?.method, 'POST');
  });

  it('with http_errors: false, a 404 answer is still parsed and checked (the sandbox\'s unknown-path FAIL)', async () => {
    const res = wxpay.v2.nothing.here.post({ xml: { mch_id: sandbox.mchid }, http_errors: false });
    await rejection(res, V2ResponseError, (e) => assert.equal(e.returnMsg, '接口不存在：POST /nothing/here'));
  });
});

describe('answers handed over untouched', () => {
  it('the 24 unsigned paths, verbatim, exact and case-sensitive; mmpaysptrans/pay_bank is not one of them', () => {
    assert.equal(V2_UNSIGNED_PATHS.length, 24);
    assert.equal(new Set(V2_UNSIGNED_PATHS).size, 24);
    for (const path of ['/mmpaymkttransfers/sendredpack', '/papay/h5entrustweb', '/pay/downloadbill', '/xdc/apiv2getsignkey/sign/getsignkey', '/risk/getpublickey']) {
      assert.equal(isV2UnsignedPath(path), true, path);
    }
    for (const path of ['/mmpaysptrans/pay_bank', '/hk/pay/downloadbill', '/pay/downloadbill/', '/PAY/DOWNLOADBILL', 'pay/downloadbill', '/secapi/pay/refund']) {
      assert.equal(isV2UnsignedPath(path), false, path);
    }
    assert.throws(() => (V2_UNSIGNED_PATHS as string[]).push('/x'), TypeError);
  });

  it('an unsigned path passes whatever it answers (even a FAIL or a DOCTYPE), as in PHP', async () => {
    const fail = await wxpay.v2.mmpaymkttransfers.sendredpack.post({ xml: redpack(sandbox.mchid) });
    assert.match(fail.text(), /<err_code>CA_ERROR<\/err_code>/, 'over plain HTTP the sandbox answers CA_ERROR, unsigned');
    sandbox.fault('v2-doctype');
    const probe = await wxpay.v2.mmpaymkttransfers.sendredpack.post({ xml: redpack(sandbox.mchid) });
    assert.match(probe.text(), /<!DOCTYPE/);
  });

  it('verify_signature: false hands over any other answer untouched', async () => {
    sandbox.fault('bad-signature');
    const res = await wxpay.v2.vehicle.pay.querystate.post({ xml: querystate(), verify_signature: false });
    assert.equal(Transformer.toArray(res.text()).user_state, 'NORMAL');
    sandbox.fault('v2-doctype');
    const probe = await wxpay.v2.vehicle.pay.querystate.post({ xml: querystate(), verify_signature: false });
    assert.match(probe.text(), /<!DOCTYPE/);
  });
});
