import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Formatter } from '../lib/index.js';

describe('Formatter (php-sdk.md T3, T4)', () => {
  it('nonce(n) is base62 of length n; n < 1 is refused', () => {
    for (const n of [32, 16, 100, 1]) assert.match(Formatter.nonce(n), new RegExp(`^[a-zA-Z0-9]{${n}}$`));
    assert.match(Formatter.nonce(), /^[a-zA-Z0-9]{32}$/);
    for (const n of [0, -1, -16, -32, 1.5]) assert.throws(() => Formatter.nonce(n), /Size must be a positive integer\./);
  });

  it('nonce uses every base62 character about equally (no modulo bias)', () => {
    const counts = new Map<string, number>();
    for (const c of Formatter.nonce(62_000)) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.equal(counts.size, 62);
    for (const [c, n] of counts) assert.ok(n > 800 && n < 1200, `${c}: ${n}`);
  });

  it('timestamp() is 10 digits starting with 1', () => {
    assert.match(String(Formatter.timestamp()), /^1\d{9}$/);
  });

  it('request() is the signing string, with a trailing line feed even for an empty body', () => {
    assert.equal(
      Formatter.request('GET', '/v3/certificates', '1554208460', '593BEC0C930BF1AFEB40B4A08C8FB242', ''),
      'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n',
    );
    assert.equal(Formatter.request(6, 7, 8, 9), '6\n7\n8\n9\n\n');
    for (const method of ['GET', 'PUT', 'POST', 'PATCH', 'DELETE']) {
      assert.equal(Formatter.request(method, '/?hello=wechatpay', 1, 'n', '{}'), `${method}\n/?hello=wechatpay\n1\nn\n{}\n`);
    }
  });

  it('response() and joinedByLineFeed() with PHP casts', () => {
    assert.equal(Formatter.response('1', 'n', 'b'), '1\nn\nb\n');
    assert.equal(Formatter.joinedByLineFeed(1, 2.0, '3', true, false, null, '4'), '1\n2\n3\n1\n\n\n4\n');
    assert.equal(Formatter.joinedByLineFeed(), '');
  });

  it('authorization() in the fixed field order', () => {
    const header = Formatter.authorization('1900000100', 'NONCE', 'c2ln', 1554208460, 'SERIAL');
    assert.equal(header, 'WECHATPAY2-SHA256-RSA2048 mchid="1900000100",serial_no="SERIAL",timestamp="1554208460",nonce_str="NONCE",signature="c2ln"');
  });

  it('ksort() sorts keys in byte order (T4)', () => {
    const keys = (o: Record<string, unknown>) => Object.keys(Formatter.ksort(o));
    const obj = (...k: string[]) => Object.fromEntries(k.map((x) => [x, 1]));
    assert.deepEqual(keys(obj('a', 'b', 'aa')), ['a', 'aa', 'b']);
    assert.deepEqual(keys(obj('rfc1', 'b', 'rfc822', 'rfc2086')), ['b', 'rfc1', 'rfc2086', 'rfc822']);
    assert.deepEqual(
      keys(obj('wxappid', 'mch_id', 'mch_billno', 'send_name', 're_openid', 'total_amount', 'total_num', 'wishing', 'client_ip', 'act_name', 'remark')),
      ['act_name', 'client_ip', 'mch_billno', 'mch_id', 're_openid', 'remark', 'send_name', 'total_amount', 'total_num', 'wishing', 'wxappid'],
    );
    assert.deepEqual(keys(obj('re_openid', 'remark')), ['re_openid', 'remark']);
    assert.deepEqual(keys(obj('remark', 'RE_OPENID', 're_openid', 'REMARK')), ['REMARK', 'RE_OPENID', 're_openid', 'remark']);
  });

  it('queryStringLike() (T4; false is skipped, a documented deviation)', () => {
    assert.equal(Formatter.queryStringLike({ a: 1, b: 3, aa: 2 }), 'a=1&b=3&aa=2');
    assert.equal(Formatter.queryStringLike({ a: 1, b: 3, sign: 2 }), 'a=1&b=3');
    assert.equal(Formatter.queryStringLike({ a: 1, b: 3, c: '' }), 'a=1&b=3');
    assert.equal(Formatter.queryStringLike({ a: 1, b: null, c: 2 }), 'a=1&c=2');
    assert.equal(Formatter.queryStringLike({ bob: 1, alice: null, tom: '', sign: 'mock' }), 'bob=1');
    assert.equal(Formatter.queryStringLike({ a: false, b: 0, c: '0', d: true, e: '', f: null, g: 1.5 }), 'b=0&c=0&d=1&g=1.5');
    assert.equal(Formatter.queryStringLike({ appid: 3, mchid: 2, openid: '', sign: 0 }), 'appid=3&mchid=2');
  });

  it('queryStringLike() takes Stringable objects and refuses nested data', () => {
    assert.equal(Formatter.queryStringLike({ a: { toString: () => 'x' } }), 'a=x');
    assert.throws(() => Formatter.queryStringLike({ a: { b: 1 } }), /APIv2 data must be flat/);
    assert.throws(() => Formatter.queryStringLike({ a: [1] }), /is a list/);
  });
});
