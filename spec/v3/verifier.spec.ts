import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  Formatter,
  HeadersIncompleteError,
  PlatformKeys,
  Rsa,
  SignatureMismatchError,
  TimestampOffsetError,
  UnknownSerialError,
  WechatpayResponse,
  isUnsignedPath,
  verifyResponse,
} from '../../lib/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const certs = new PlatformKeys({ PLAT: publicKey });
const request = { method: 'GET', url: 'https://api.mch.weixin.qq.com/v3/x', headers: {} };
const NOW = 1795329705;

function signed(body: string, headers: Record<string, string> = {}, timestamp = NOW, signedBody = body) {
  const nonce = Formatter.nonce();
  const signature = Rsa.sign(Formatter.response(timestamp, nonce, signedBody), privateKey);
  return new WechatpayResponse({
    status: 200,
    headers: { 'wechatpay-nonce': nonce, 'wechatpay-serial': 'PLAT', 'wechatpay-signature': signature, 'wechatpay-timestamp': String(timestamp), 'request-id': 'RID', ...headers },
    body: Buffer.from(body),
  });
}

function verify(res: WechatpayResponse, now = NOW, pathname = '/v3/x'): void {
  verifyResponse(res, res.body ?? Buffer.alloc(0), { certs, request, pathname, now });
}

describe('verifyResponse (php-sdk.md §7.3, T10)', () => {
  it('accepts a signed 200 with a JSON body, and an empty body', () => {
    verify(signed('{"code_url":"weixin://wxpay/bizpayurl?pr=qnu8GBtzz"}'));
    verify(signed(''));
  });

  it('a difference of exactly 300 s passes, 301 and 360 fail with the PHP message', () => {
    verify(signed('{}'), NOW + 300);
    verify(signed('{}'), NOW - 300);
    assert.throws(() => verify(signed('{}'), NOW + 301), TimestampOffsetError);
    assert.throws(
      () => verify(signed('{}', {}, 1795329404), NOW),
      (e: unknown) => e instanceof TimestampOffsetError && e.message === "It's allowed time offset in ± 300 seconds, the response was on 1795329404, your's localtime on 1795329705.",
    );
  });

  it('a non-numeric timestamp is 0 and fails', () => {
    const res = signed('{}');
    (res.headers as Record<string, string>)['wechatpay-timestamp'] = 'soon';
    assert.throws(() => verify(res), TimestampOffsetError);
  });

  it('each missing header fails with the PHP message and names the missing one', () => {
    for (const name of ['wechatpay-nonce', 'wechatpay-serial', 'wechatpay-signature', 'wechatpay-timestamp']) {
      const res = signed('{}');
      delete (res.headers as Record<string, string>)[name];
      assert.throws(
        () => verify(res),
        (e: unknown) =>
          e instanceof HeadersIncompleteError &&
          e.message.startsWith("The response's Headers incomplete, must have(`Wechatpay-Nonce`, `Wechatpay-Serial`, `Wechatpay-Signature` and `Wechatpay-Timestamp`).") &&
          e.message.toLowerCase().includes(name),
      );
    }
  });

  it('an unknown serial fails with the PHP message and lists the configured keys', () => {
    assert.throws(
      () => verify(signed('{}', { 'wechatpay-serial': 'NOPE' })),
      (e: unknown) => e instanceof UnknownSerialError && e.message.startsWith("Cannot found the serial(`NOPE`)'s configuration, which's from the response(header:Wechatpay-Serial), your's PLAT."),
    );
  });

  it('a garbage signature, a tampered body and a placeholder key fail as SignatureMismatchError', () => {
    assert.throws(() => verify(signed('{}', { 'wechatpay-signature': Formatter.nonce(200) })), SignatureMismatchError);
    const tampered = signed('{"a":1}', {}, NOW, '{"a":2}');
    assert.throws(() => verify(tampered), (e: unknown) => e instanceof SignatureMismatchError && /^Verify the response's data with: timestamp=\d+, nonce=\w+, signature=.+, cert=\[PLAT => \.\.\.\] failed\.$/.test(e.message));
    const placeholder = new PlatformKeys({ PLAT: null });
    const res = signed('{}');
    assert.throws(() => verifyResponse(res, res.body!, { certs: placeholder, request, pathname: '/v3/x', now: NOW }), SignatureMismatchError);
  });

  it('errors carry the response and the Request-ID', () => {
    try {
      verify(signed('{}', { 'wechatpay-serial': 'NOPE' }));
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof UnknownSerialError);
      assert.equal(error.requestId, 'RID');
      assert.equal(error.response.status, 200);
      assert.equal(error.request.url, request.url);
    }
  });

  it('overseas statements verify over {"sha1":"<Wechatpay-Statement-Sha1>"} (§7.5)', () => {
    const csv = '交易时间,公众账号ID\r\n`2018-01-03 10:00:00,`wx1\r\n';
    const sha1 = createHash('sha1').update(csv).digest('hex');
    for (const pathname of ['/hk/v3/statements', '/v3/global/statements']) {
      verify(signed(csv, { 'wechatpay-statement-sha1': sha1 }, NOW, JSON.stringify({ sha1 })), NOW, pathname);
    }
    // elsewhere the body itself is what is signed
    assert.throws(() => verify(signed(csv, { 'wechatpay-statement-sha1': sha1 }, NOW, JSON.stringify({ sha1 })), NOW, '/v3/x'), SignatureMismatchError);
  });
});

describe('isUnsignedPath (the skip list, §7.3 step 1)', () => {
  it('skips bill downloads and complaint images but not the image upload', () => {
    assert.equal(isUnsignedPath('/v3/billdownload/file'), true);
    assert.equal(isUnsignedPath('/V3/BillDownload/File'), true);
    assert.equal(isUnsignedPath('/v3/merchant-service/images/ChsyMDAy%2FFR1'), true);
    assert.equal(isUnsignedPath('/v3/merchant-service/images/upload'), false);
    assert.equal(isUnsignedPath('/hk/v3/billdownload/file'), false);
    assert.equal(isUnsignedPath('/v3/bill/tradebill'), false);
  });
});
