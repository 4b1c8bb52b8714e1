import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Pipeline, WechatpayRequest, WechatpayResponse, type Middleware } from '../../lib/index.js';

const request = () => new WechatpayRequest({ protocol: 'v3', method: 'post', url: new URL('https://example.test/v3/x?a=1'), headers: { authorization: 'WECHATPAY2-SHA256-RSA2048 mchid="1",serial_no="S",timestamp="1",nonce_str="N",signature="SECRETSIG"' } });
const terminal = async (req: WechatpayRequest) => new WechatpayResponse({ status: 200, headers: {}, body: Buffer.from(req.headers['x-trail'] ?? '') });
const tag = (name: string): Middleware => async (req, next) => {
  req.headers['x-trail'] = `${req.headers['x-trail'] ?? ''}${name}`;
  return next(req);
};

describe('Pipeline', () => {
  it('runs entries outer to inner, then the terminal', async () => {
    const pipeline = new Pipeline(terminal, [['a', tag('a')], ['b', tag('b')]]);
    assert.equal((await pipeline.handle(request())).text(), 'ab');
  });

  it('inserts by name: before, after, unshift, push; removes by name', async () => {
    const pipeline = new Pipeline(terminal, [['signer', tag('S')]]);
    pipeline.before('signer', tag('1'), 'one').after('signer', tag('2'), 'two').unshift(tag('0'), 'zero').push(tag('9'), 'nine');
    assert.deepEqual(pipeline.names(), ['zero', 'one', 'signer', 'two', 'nine']);
    assert.equal((await pipeline.handle(request())).text(), '01S29');
    pipeline.remove('signer');
    assert.equal(pipeline.has('signer'), false);
    assert.equal((await pipeline.handle(request())).text(), '0129');
  });

  it('refuses unknown targets and duplicate names with clear errors', () => {
    const pipeline = new Pipeline(terminal, [['a', tag('a')]]);
    assert.throws(() => pipeline.remove('nope'), /No middleware named `nope` in this pipeline \(it has: a\)/);
    assert.throws(() => pipeline.push(tag('x'), 'a'), /already in this pipeline/);
  });

  it('clone() is independent', async () => {
    const pipeline = new Pipeline(terminal, [['a', tag('a')]]);
    const copy = pipeline.clone().push(tag('b'), 'b');
    assert.equal((await pipeline.handle(request())).text(), 'a');
    assert.equal((await copy.handle(request())).text(), 'ab');
  });

  it('a throwing middleware stops the request before the terminal', async () => {
    let sent = false;
    const pipeline = new Pipeline(async () => {
      sent = true;
      return new WechatpayResponse({ status: 200, headers: {} });
    }, [['guard', async () => { throw new Error('stop'); }]]);
    await assert.rejects(pipeline.handle(request()), /stop/);
    assert.equal(sent, false);
  });
});

describe('WechatpayRequest', () => {
  it('target is the path and query as sent; method is upper case', () => {
    const req = request();
    assert.equal(req.target, '/v3/x?a=1');
    assert.equal(req.method, 'POST');
  });

  it('printing it never shows the signature', () => {
    const printed = inspect(request());
    assert.doesNotMatch(printed, /SECRETSIG/);
    assert.match(printed, /signature="\[REDACTED\]"/);
    assert.doesNotMatch(JSON.stringify(request().summary()), /SECRETSIG/);
  });
});
