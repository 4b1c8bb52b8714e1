import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Builder, ClientError, Transformer, V2RequestError, V2ResponseError, V2_ACCEPT, v2Signature, type Chainable, type Middleware } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { referenceSign } from '../helpers/v2.js';
import { untyped } from '../helpers/untyped.js';

// T5: the official WeChat Pay example (key and data from the APIv2 signing guide).
const VECTOR_KEY = '192006250b4c09247ec02edce69f6a2d';
const VECTOR_MCHID = '10000100';
const vector = { appid: 'wxd930ea5d5a258f4f', mch_id: VECTOR_MCHID, device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };

let sandbox: Sandbox;
let wxpay: Chainable;

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki({ mchid: VECTOR_MCHID }), mchid: VECTOR_MCHID, secret: VECTOR_KEY });
  wxpay = untyped(Builder.factory({ mchid: VECTOR_MCHID, secret: VECTOR_KEY, base_uri: sandbox.url }));
});
after(async () => {
  await wxpay.getDriver().close();
  await sandbox.close();
});

/** Asserts that the call rejects with a V2RequestError about `field` (message matching) and that nothing was sent. */
async function refused(call: Promise<unknown>, field: string, message: RegExp): Promise<V2RequestError> {
  sandbox.reset();
  let caught: unknown;
  await assert.rejects(call, (error: unknown) => {
    caught = error;
    return error instanceof V2RequestError && error.field === field && message.test(error.message);
  });
  assert.equal(sandbox.requests.length, 0, 'nothing was sent');
  return caught as V2RequestError;
}

/** The fields of the last request the sandbox received, parsed from its XML body. */
function sentFields(): Record<string, string> {
  return Transformer.toArray(sandbox.lastRequest()?.text ?? '') as Record<string, string>;
}

describe('T5: the official vectors through the request transform', () => {
  it('MD5 (the default sign type): the exact body, signed 9A0A8659F005D6984697E2CA0A9CF3B7, and the sandbox accepts it', async () => {
    sandbox.reset();
    // querystate verifies the sign, then answers a business FAIL because trade_scene is missing
    await assert.rejects(wxpay.v2.vehicle.pay.querystate.post({ xml: vector }), (e: unknown) => e instanceof V2ResponseError && e.errCode === 'PARAM_ERROR');
    const seen = sandbox.lastRequest()!;
    assert.equal(
      seen.text,
      '<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id><device_info>1000</device_info><body>test</body><nonce_str>ibuaiVcKdpRxkhJA</nonce_str><sign>9A0A8659F005D6984697E2CA0A9CF3B7</sign></xml>',
    );
    assert.equal(seen.headers['content-type'], 'text/xml; charset=utf-8');
    assert.equal(seen.headers.accept, V2_ACCEPT);
    assert.equal(seen.headers.authorization, undefined);
  });

  it('HMAC-SHA256: the signing function gives 6A9AE165…; through the transform `sign_type` is itself signed', async () => {
    assert.equal(v2Signature(vector, 'HMAC-SHA256', VECTOR_KEY), '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6');
    assert.equal(v2Signature(vector, 'MD5', VECTOR_KEY), '9A0A8659F005D6984697E2CA0A9CF3B7');
    sandbox.reset();
    await assert.rejects(wxpay.v2.vehicle.pay.querystate.post({ xml: { ...vector, sign_type: 'HMAC-SHA256' } }), (e: unknown) => e instanceof V2ResponseError && e.errCode === 'PARAM_ERROR');
    const fields = sentFields();
    assert.equal(fields.sign, referenceSign(fields, VECTOR_KEY, 'HMAC-SHA256'));
    assert.equal(fields.sign?.length, 64);
    assert.notEqual(fields.sign, '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6');
  });
});

describe('nonce_str and sign placement', () => {
  it('adds a 32-character base62 nonce_str before sign, keeps a given one', async () => {
    await wxpay.v2.pay.unifiedorder.post({ xml: { mch_id: VECTOR_MCHID, body: 'x' } }).catch(() => undefined);
    assert.match(sandbox.lastRequest()!.text, /^<xml><mch_id>10000100<\/mch_id><body>x<\/body><nonce_str>[0-9A-Za-z]{32}<\/nonce_str><sign>[0-9A-F]{32}<\/sign><\/xml>$/);
    await wxpay.v2.pay.unifiedorder.post({ xml: { nonce_str: 'mine', mch_id: VECTOR_MCHID } }).catch(() => undefined);
    assert.match(sandbox.lastRequest()!.text, /^<xml><nonce_str>mine<\/nonce_str><mch_id>10000100<\/mch_id><sign>/);
  });

  it('`nonceless` counts by its presence, whatever its value', async () => {
    for (const nonceless of [true, false, undefined, 0]) {
      await wxpay.v2.pay.unifiedorder.post({ xml: { mch_id: VECTOR_MCHID }, nonceless }).catch(() => undefined);
      assert.doesNotMatch(sandbox.lastRequest()!.text, /nonce_str/, `nonceless: ${String(nonceless)}`);
    }
  });

  it('replaces a `sign` given in the data and writes it last', async () => {
    await wxpay.v2.pay.unifiedorder.post({ xml: { sign: 'FORGED', mch_id: VECTOR_MCHID, body: 'x' }, nonceless: true }).catch(() => undefined);
    const fields = sentFields();
    assert.deepEqual(Object.keys(fields), ['mch_id', 'body', 'sign']);
    assert.equal(fields.sign, referenceSign(fields, VECTOR_KEY));
  });

  it('writes values with markup as CDATA, splitting `]]>`, and signs the raw text', async () => {
    await wxpay.v2.pay.unifiedorder.post({ xml: { mch_id: VECTOR_MCHID, detail: '<a>&"x"]]>', nonce_str: 'n' } }).catch(() => undefined);
    const { text } = sandbox.lastRequest()!;
    assert.match(text, /<detail><!\[CDATA\[<a>&"x"\]\]\]\]><!\[CDATA\[>\]\]><\/detail>/);
    const sign = /<sign>(\w+)<\/sign>/.exec(text)?.[1];
    assert.equal(sign, referenceSign({ mch_id: VECTOR_MCHID, detail: '<a>&"x"]]>', nonce_str: 'n' }, VECTOR_KEY));
  });
});

describe('T9: GET requests carry the signed query', () => {
  it('keeps the insertion order, puts sign last, encodes per RFC 3986, signs the raw values, sends no body', async () => {
    const res = await wxpay.v2.papay.entrustweb.get({ xml: { mch_id: VECTOR_MCHID, b: 'x y', a: '中' }, nonceless: true, http_errors: false });
    assert.equal(res.status, 404, 'the sandbox does not implement it; the path is unsigned, so the answer is handed over');
    const seen = sandbox.lastRequest()!;
    const sign = referenceSign({ mch_id: VECTOR_MCHID, b: 'x y', a: '中' }, VECTOR_KEY);
    assert.equal(seen.target, `/papay/entrustweb?mch_id=10000100&b=x%20y&a=%E4%B8%AD&sign=${sign}`);
    assert.equal(seen.body.length, 0);
    assert.equal(seen.headers['content-type'], undefined);
  });

  it('takes the data from `query` (or the path) when there is no `xml`; `xml` wins over both', async () => {
    await wxpay.v2.papay.entrustweb.get({ query: { mch_id: VECTOR_MCHID, plan_id: '12535' }, nonceless: true, http_errors: false });
    const fromQuery = sandbox.lastRequest()!.query;
    assert.equal(fromQuery.plan_id, '12535');
    assert.equal(fromQuery.sign, referenceSign({ mch_id: VECTOR_MCHID, plan_id: '12535' }, VECTOR_KEY));
    await wxpay.chain('v2/papay/entrustweb?mch_id=10000100&plan_id=1').get({ nonceless: true, http_errors: false });
    assert.equal(sandbox.lastRequest()!.query.sign, referenceSign({ mch_id: VECTOR_MCHID, plan_id: '1' }, VECTOR_KEY));
    await wxpay.v2.papay.entrustweb.get({ query: { plan_id: 'ignored' }, xml: { mch_id: VECTOR_MCHID }, nonceless: true, http_errors: false });
    assert.deepEqual(Object.keys(sandbox.lastRequest()!.query), ['mch_id', 'sign']);
  });

  it('a signed GET answer is verified like any other (querystate over GET)', async () => {
    const res = await wxpay.v2.vehicle.pay.querystate.get({ xml: { appid: 'wx1', mch_id: VECTOR_MCHID, trade_scene: 'PARKING', openid: 'o1' } });
    assert.match(res.text(), /<user_state>NORMAL<\/user_state>/);
    assert.equal(sandbox.lastRequest()!.method, 'GET');
  });
});

describe('T9: the merchant ID check, before sending', () => {
  const notMatched = (found: string) => new RegExp(`^The xml's structure\\[mch_id\\(${found}\\)\\] doesn't matched the init one mchid\\(10000100\\)\\. Put the configured merchant ID in \`mch_id\``);

  it('data without any merchant ID fails with PHP\'s message', async () => {
    await refused(wxpay.v2.pay.micropay.post({ xml: { body: 'x' } }), 'mch_id', notMatched(''));
    await refused(wxpay.v2.pay.micropay.post(), 'mch_id', notMatched(''));
  });

  it('another merchant ID fails and names the field it was found in', async () => {
    await refused(wxpay.v2.pay.micropay.post({ xml: { mch_id: '1230000109' } }), 'mch_id', notMatched('1230000109'));
    await refused(wxpay.v2.mmpaymkttransfers.promotion.transfers.post({ xml: { mchid: '1' } }), 'mchid', notMatched('1'));
    await refused(wxpay.v2.pay.querycombinedorder.post({ xml: { combine_mch_id: { id: 1 } } }), 'combine_mch_id', notMatched(''));
  });

  it('`mchid`, `combine_mch_id`, and a number (compared as text: a deviation from PHP\'s !==) pass', async () => {
    for (const xml of [{ mchid: VECTOR_MCHID }, { combine_mch_id: VECTOR_MCHID }, { mch_id: 10000100 }, { mch_id: null, mchid: VECTOR_MCHID }]) {
      sandbox.reset();
      await assert.rejects(wxpay.v2.pay.micropay.post({ xml }), ClientError, JSON.stringify(xml));
      assert.equal(sandbox.requests.length, 1);
    }
    assert.doesNotMatch(sandbox.lastRequest()!.text, /<mch_id>/, 'a null mch_id is not sent');
    await wxpay.v2.pay.micropay.post({ xml: { mch_id: 10000100 } }).catch(() => undefined);
    assert.match(sandbox.lastRequest()!.text, /<mch_id>10000100<\/mch_id>/);
  });
});

describe('values that cannot be signed as sent are refused before sending', () => {
  it('an unknown sign_type (PHP would send an empty <sign>)', async () => {
    for (const signType of ['hmac-sha256', 'SHA256', 'md5', '']) {
      await refused(wxpay.v2.pay.micropay.post({ xml: { mch_id: VECTOR_MCHID, sign_type: signType } }), 'sign_type', /must be exactly "MD5" or "HMAC-SHA256"/);
    }
  });

  it('false, with how to fix it', async () => {
    await refused(wxpay.v2.pay.micropay.post({ xml: { mch_id: VECTOR_MCHID, profit_sharing: false } }), 'profit_sharing', /`profit_sharing` is false\. .*leave `profit_sharing` out/);
  });

  it('nested values, non-finite numbers, functions and symbols', async () => {
    const cases: [unknown, RegExp][] = [
      [['a'], /is a list\. .*JSON\.stringify/],
      [{ a: 1 }, /is a nested object/],
      [new Map([['a', 1]]), /is a nested object/],
      [Number.NaN, /is a non-finite number/],
      [() => 'x', /is a function/],
      [Symbol('x'), /is a symbol/],
    ];
    for (const [value, message] of cases) {
      await refused(wxpay.v2.pay.micropay.post({ xml: { mch_id: VECTOR_MCHID, scene_info: value } }), 'scene_info', message);
    }
  });

  it('`xml` must be an object', async () => {
    await refused(wxpay.v2.pay.micropay.post({ xml: 'a=1' as unknown as Record<string, unknown> }), 'xml', /an object of flat text values/);
  });

  it('true is 1, bigints and objects with their own toString are text, null and undefined are left out', async () => {
    const at = new Date(Date.UTC(2022, 5, 1));
    await wxpay.v2.pay.micropay.post({ xml: { mch_id: VECTOR_MCHID, a: true, b: 10n, c: at, d: null, e: undefined }, nonceless: true }).catch(() => undefined);
    const fields = sentFields();
    assert.deepEqual(fields, { mch_id: VECTOR_MCHID, a: '1', b: '10', c: at.toString(), sign: referenceSign({ mch_id: VECTOR_MCHID, a: '1', b: '10', c: at.toString() }, VECTOR_KEY) });
  });

  it('no error shows the APIv2 key', async () => {
    const error = await refused(wxpay.v2.pay.micropay.post({ xml: { mch_id: 'x' } }), 'mch_id', /mch_id\(x\)/);
    assert.doesNotMatch(inspect(error, { depth: 5 }), new RegExp(VECTOR_KEY));
  });
});

describe('the APIv2 pipeline is extensible by name', () => {
  it('a middleware before transform_request sees the data unsigned; one after it sees the signed body', async () => {
    const client = untyped(Builder.factory({ mchid: VECTOR_MCHID, secret: VECTOR_KEY, base_uri: sandbox.url }));
    const seen: string[] = [];
    const outer: Middleware = async (request, next) => {
      seen.push(`outer:${typeof request.body === 'string' ? request.body : 'no body'}`);
      return next(request);
    };
    const inner: Middleware = async (request, next) => {
      seen.push(`inner:${typeof request.body === 'string' ? request.body.slice(0, 14) : 'no body'}`);
      return next(request);
    };
    const pipeline = client.getDriver().select('v2');
    pipeline.before('transform_request', outer, 'outer').after('transform_request', inner, 'inner');
    assert.deepEqual(pipeline.names(), ['retry', 'transform_response', 'http_errors', 'outer', 'transform_request', 'inner']);
    await client.v2.vehicle.pay.querystate.post({ xml: { appid: 'wx1', mch_id: VECTOR_MCHID, trade_scene: 'PARKING', openid: 'o' } });
    assert.deepEqual(seen, ['outer:no body', 'inner:<xml><appid>wx']);
    await client.getDriver().close();
  });

  it('without transform_request the request goes as given (a body you signed yourself, e.g. the media upload)', async () => {
    const client = untyped(Builder.factory({ mchid: VECTOR_MCHID, secret: VECTOR_KEY, base_uri: sandbox.url }));
    client.getDriver().select('v2').remove('transform_request');
    const fields = { appid: 'wx1', mch_id: VECTOR_MCHID, nonce_str: 'n1', trade_scene: 'PARKING', openid: 'o' };
    const body = `<xml>${Object.entries({ ...fields, sign: referenceSign(fields, VECTOR_KEY) }).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</xml>`;
    const res = await client.v2.vehicle.pay.querystate.post({ body, headers: { 'content-type': 'text/xml' } });
    assert.match(res.text(), /<user_state>NORMAL<\/user_state>/, 'transform_response still verified the answer');
    assert.equal(sandbox.lastRequest()!.text, body);
    await client.getDriver().close();
  });
});
