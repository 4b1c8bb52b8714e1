import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { inspect } from 'node:util';
import { CryptoError } from '../../lib/errors/crypto-error.js';
import { WechatpayError } from '../../lib/errors/wechatpay-error.js';
import { ALGO_HMAC_SHA256, ALGO_MD5, Hash, isSignType } from '../../lib/crypto/hash.js';

/** The official WeChat Pay APIv2 signature example (T5). */
const DATA = 'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA';
const DATA_KEY = '192006250b4c09247ec02edce69f6a2d';
const K = 'exposed_your_key_here_have_risks';

function throwsCrypto(fn: () => unknown, message: RegExp | string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CryptoError);
    assert.ok(error instanceof WechatpayError);
    assert.equal(error.name, 'CryptoError');
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });
}

describe('Hash constants', () => {
  it('exports the sign types as module constants and static members', () => {
    assert.equal(ALGO_MD5, 'MD5');
    assert.equal(ALGO_HMAC_SHA256, 'HMAC-SHA256');
    assert.equal(Hash.ALGO_MD5, ALGO_MD5);
    assert.equal(Hash.ALGO_HMAC_SHA256, ALGO_HMAC_SHA256);
  });

  it('isSignType accepts exactly the two spellings', () => {
    assert.equal(isSignType('MD5'), true);
    assert.equal(isSignType('HMAC-SHA256'), true);
    for (const x of ['md5', 'hmac-sha256', 'sha256', 'HMAC-SHA512', '', ' MD5', null, undefined, 5, {}]) {
      assert.equal(isSignType(x), false, inspect(x));
    }
  });
});

describe('Hash.md5', () => {
  it('matches the T5 vectors', () => {
    assert.equal(Hash.md5(K), '4ad14ac334ab13540eb6c5479512a8e8');
    assert.equal(Hash.md5('', K), 'b3d43c8390f26e2030d4d17bd580fbc8');
    assert.equal(Hash.md5('', K, true), '7831c3ff1bde78fd0ac1107e00ac92e6');
  });

  it('appends &key= or, for agency, &secret=', () => {
    const plain = (s: string) => createHash('md5').update(s).digest('hex');
    assert.equal(Hash.md5('a=1', 'k'), plain('a=1&key=k'));
    assert.equal(Hash.md5('a=1', 'k', true), plain('a=1&secret=k'));
    assert.notEqual(Hash.md5('a=1', 'k'), Hash.md5('a=1', 'k', true));
  });

  it('is plain lower-case MD5 with an empty key, even with agency', () => {
    for (const x of ['', 'hello', DATA, '你好 微信支付']) {
      const plain = createHash('md5').update(x, 'utf8').digest('hex');
      assert.equal(Hash.md5(x), plain);
      assert.equal(Hash.md5(x, '', true), plain);
      assert.match(Hash.md5(x), /^[0-9a-f]{32}$/);
    }
  });
});

describe('Hash.hmac', () => {
  it('keys HMAC with the key and also appends &key=<key> to the message', () => {
    const expected = createHmac('sha256', DATA_KEY).update(`${DATA}&key=${DATA_KEY}`).digest('hex');
    assert.equal(Hash.hmac(DATA, DATA_KEY), expected);
    assert.equal(Hash.hmac(DATA, DATA_KEY, 'sha256'), expected);
  });

  for (const [algorithm, length] of [['md5', 32], ['sha256', 64], ['sha384', 96]] as const) {
    it(`differs from a plain HMAC for ${algorithm} (hex length ${length})`, () => {
      const ours = Hash.hmac(DATA, K, algorithm);
      const plain = createHmac(algorithm, K).update(DATA).digest('hex');
      assert.equal(ours.length, length);
      assert.equal(plain.length, length);
      assert.match(ours, /^[0-9a-f]+$/);
      assert.notEqual(ours, plain);
    });
  }

  it('rejects an empty key with a CryptoError (PHP throws ValueError)', () => {
    throwsCrypto(() => Hash.hmac(DATA, ''), /key must not be empty/);
  });

  it('rejects an unknown digest with a CryptoError naming it', () => {
    throwsCrypto(() => Hash.hmac(DATA, K, 'nope'), /"nope"/);
  });
});

describe('Hash.sign', () => {
  it('matches the official WeChat example for MD5 and HMAC-SHA256', () => {
    assert.equal(Hash.sign('MD5', DATA, DATA_KEY), '9A0A8659F005D6984697E2CA0A9CF3B7');
    assert.equal(
      Hash.sign('HMAC-SHA256', DATA, DATA_KEY),
      '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6',
    );
  });

  it('returns upper-case hex of length 32 (MD5) and 64 (HMAC-SHA256)', () => {
    const md5 = Hash.sign(ALGO_MD5, 'a=1&b=2', K);
    const hmac = Hash.sign(ALGO_HMAC_SHA256, 'a=1&b=2', K);
    assert.match(md5, /^[0-9A-F]{32}$/);
    assert.match(hmac, /^[0-9A-F]{64}$/);
    assert.equal(md5, Hash.md5('a=1&b=2', K).toUpperCase());
    assert.equal(hmac, Hash.hmac('a=1&b=2', K, 'sha256').toUpperCase());
  });

  it('throws a CryptoError naming the allowed types for any other type (PHP returns null)', () => {
    for (const type of ['sha256', 'md5', 'hmac-sha256', 'HMAC-SHA512', '']) {
      throwsCrypto(() => Hash.sign(type, DATA, K), /MD5.*HMAC-SHA256/);
    }
  });

  it('never puts the key into the unsupported-type message', () => {
    assert.throws(
      () => Hash.sign('sha256', DATA, K),
      (error: unknown) => error instanceof CryptoError && !error.message.includes(K),
    );
  });
});

describe('Hash.equals', () => {
  it('handles empty strings, null and undefined', () => {
    assert.equal(Hash.equals('', ''), true);
    assert.equal(Hash.equals('', null), false);
    assert.equal(Hash.equals('', undefined), false);
    assert.equal(Hash.equals(''), false);
    assert.equal(Hash.equals('ABC', null), false);
  });

  it('compares exactly and case-sensitively', () => {
    const sign = Hash.sign('MD5', DATA, DATA_KEY);
    assert.equal(Hash.equals(sign, '9A0A8659F005D6984697E2CA0A9CF3B7'), true);
    assert.equal(Hash.equals(sign, sign.toLowerCase()), false);
    assert.equal(Hash.equals('abc', 'abd'), false);
    assert.equal(Hash.equals('你好', '你好'), true);
  });

  it('returns false for different lengths, including equal code units but different UTF-8 bytes', () => {
    assert.equal(Hash.equals('abc', 'abcd'), false);
    assert.equal(Hash.equals('abcd', 'abc'), false);
    assert.equal(Hash.equals('abc', ''), false);
    assert.equal(Hash.equals('é', 'e'), false);
    assert.equal(Hash.equals('aé', 'éé'), false);
  });
});
