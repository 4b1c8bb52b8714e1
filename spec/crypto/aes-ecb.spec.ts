import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AesEcb } from '../../lib/crypto/aes-ecb.js';
import { Hash } from '../../lib/crypto/hash.js';
import { throwsCrypto } from '../helpers/assertions.js';

const DECRYPT_FAILED =
  'Decrypting the input ciphertext failed, please checking your `key` and `iv` whether or nor correct.';
const BASE64 = /^[a-zA-Z0-9+/]+={0,2}$/;
const KEY = '0123456789abcdef0123456789abcdef';
const APIV2_KEY = 'exposed_your_key_here_have_risks';
const TEXT = 'hello wechatpay 你好 微信支付';


describe('AesEcb vectors (T6)', () => {
  it('encrypts hello with a 32-character key', () => {
    assert.equal(AesEcb.encrypt('hello', KEY), 'pZwJZBLuy3mDACEQT4YTBw==');
    assert.equal(AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', KEY), 'hello');
  });

  it('encrypts hello with the APIv2-derived key md5(apiv2Key)', () => {
    const key = Hash.md5(APIV2_KEY);
    assert.equal(key, '4ad14ac334ab13540eb6c5479512a8e8');
    assert.equal(AesEcb.encrypt('hello', key), '1riACDAzixJcPqyVi90RmA==');
    assert.equal(AesEcb.decrypt('1riACDAzixJcPqyVi90RmA==', key), 'hello');
  });

  it('ignores the IV argument', () => {
    assert.equal(AesEcb.encrypt('hello', KEY, 'whatever'), 'pZwJZBLuy3mDACEQT4YTBw==');
    assert.equal(AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', KEY, new Uint8Array(3)), 'hello');
  });
});

describe('AesEcb behaviour', () => {
  it('encrypts the empty string to one full padding block', () => {
    const ciphertext = AesEcb.encrypt('', KEY);
    assert.notEqual(ciphertext, '');
    assert.equal(Buffer.from(ciphertext, 'base64').length, 16);
    assert.equal(AesEcb.decrypt(ciphertext, KEY), '');
  });

  it('pads to whole blocks', () => {
    assert.equal(Buffer.from(AesEcb.encrypt('x'.repeat(15), KEY), 'base64').length, 16);
    assert.equal(Buffer.from(AesEcb.encrypt('x'.repeat(16), KEY), 'base64').length, 32);
  });

  it('round-trips UTF-8 text and bytes with a random key', () => {
    const key = randomBytes(16).toString('hex');
    const ciphertext = AesEcb.encrypt(TEXT, key);
    assert.match(ciphertext, BASE64);
    assert.equal(AesEcb.decrypt(ciphertext, key), TEXT);
    const binary = randomBytes(45);
    const raw = randomBytes(32);
    assert.deepEqual(AesEcb.decryptToBuffer(AesEcb.encrypt(binary, raw), raw), binary);
  });

  it('rejects a wrong key with the decrypt message', () => {
    throwsCrypto(() => AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', Hash.md5(APIV2_KEY)), DECRYPT_FAILED, true);
    throwsCrypto(() => AesEcb.decrypt('1riACDAzixJcPqyVi90RmA==', KEY), DECRYPT_FAILED, true);
  });

  it('rejects input that is not whole blocks, empty, or malformed base64', () => {
    for (const bad of ['', Buffer.alloc(5).toString('base64'), 'pZwJZBLuy3mDACEQT4YTBw', 'pZwJZBLuy3mDACEQT4YTBw==\n', '%%%%']) {
      throwsCrypto(() => AesEcb.decrypt(bad, KEY), DECRYPT_FAILED, true);
    }
  });

  for (const size of [31, 33]) {
    it(`rejects a ${size}-byte key without revealing it`, () => {
      const key = `${Hash.md5(APIV2_KEY)}xy`.slice(0, size);
      for (const fn of [() => AesEcb.encrypt('hello', key), () => AesEcb.decrypt('pZwJZBLuy3mDACEQT4YTBw==', key)]) {
        throwsCrypto(fn, new RegExp(`must be exactly 32 bytes, got ${size} bytes`));
        assert.throws(fn, (error: unknown) => error instanceof Error && !error.message.includes(key));
      }
    });
  }
});
