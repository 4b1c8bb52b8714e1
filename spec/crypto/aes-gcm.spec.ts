import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { AesGcm, MSG_TAG_INCOMPLETE } from '../../lib/crypto/aes-gcm.js';
import {
  ALGO_AES_256_ECB,
  ALGO_AES_256_GCM,
  AUTH_TAG_LENGTH_BYTE,
  BLOCK_SIZE,
  KEY_LENGTH_BYTE,
  MSG_DECRYPT_FAILED,
  MSG_ENCRYPT_FAILED,
} from '../../lib/crypto/aes.js';
import { throwsCrypto } from '../helpers/assertions.js';

const ENCRYPT_FAILED =
  'Encrypting the input plaintext failed, please checking your `key` and `iv` whether or nor correct.';
const DECRYPT_FAILED =
  'Decrypting the input ciphertext failed, please checking your `key` and `iv` whether or nor correct.';
const TAG_INCOMPLETE =
  'The inputs `ciphertext` incomplete, the bytes length must be one of 16, 15, 14, 13, 12, 8 or 4.';
const BASE64 = /^[a-zA-Z0-9+/]+={0,2}$/;
const KEY = '0123456789abcdef0123456789abcdef';
const IV = '0123456789abcdef';
const TEXT = 'hello wechatpay 你好 微信支付';

function randomChars(size: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return Array.from({ length: size }, () => alphabet.charAt(randomInt(alphabet.length))).join('');
}


/** Flips one bit of the decoded byte at `index` (negative counts from the end). */
function flip(ciphertext: string, index: number): string {
  const bytes = Buffer.from(ciphertext, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at);
  return bytes.toString('base64');
}

describe('AES constants', () => {
  it('mirror PHP AesInterface', () => {
    assert.equal(BLOCK_SIZE, 16);
    assert.equal(KEY_LENGTH_BYTE, 32);
    assert.equal(AUTH_TAG_LENGTH_BYTE, 16);
    assert.equal(ALGO_AES_256_GCM, 'aes-256-gcm');
    assert.equal(ALGO_AES_256_ECB, 'aes-256-ecb');
    assert.equal(MSG_ENCRYPT_FAILED, ENCRYPT_FAILED);
    assert.equal(MSG_DECRYPT_FAILED, DECRYPT_FAILED);
    assert.equal(MSG_TAG_INCOMPLETE, TAG_INCOMPLETE);
  });
});

describe('AesGcm vectors (T6)', () => {
  const vectors = [
    { iv: '0123456789ab', aad: 'certificate', plaintext: 'plain', expected: '6cWGUy34Q9RrMpwKA8tHsiQQPsXX' },
    { iv: '0123456789abcdef', aad: '', plaintext: '', expected: 'GvpmmdtYwexXIPhySs9Tlg==' },
    { iv: '0123456789abcdef', aad: 'world', plaintext: 'hello', expected: 'APoZlYpivU3HjbAiB4CvW1rAFr8J' },
  ];
  for (const { iv, aad, plaintext, expected } of vectors) {
    it(`encrypts ${JSON.stringify(plaintext)} with IV ${iv} and AAD ${JSON.stringify(aad)}`, () => {
      assert.equal(AesGcm.encrypt(plaintext, KEY, iv, aad), expected);
      assert.equal(AesGcm.decrypt(expected, KEY, iv, aad), plaintext);
    });
  }

  it('defaults the AAD to the empty string', () => {
    assert.equal(AesGcm.encrypt('', KEY, IV), 'GvpmmdtYwexXIPhySs9Tlg==');
    assert.equal(AesGcm.decrypt('GvpmmdtYwexXIPhySs9Tlg==', KEY, IV), '');
  });

  it('accepts bytes for every input', () => {
    const enc = new TextEncoder();
    const out = AesGcm.encrypt(enc.encode('plain'), enc.encode(KEY), enc.encode('0123456789ab'), enc.encode('certificate'));
    assert.equal(out, '6cWGUy34Q9RrMpwKA8tHsiQQPsXX');
    const plain = AesGcm.decryptToBuffer(out, enc.encode(KEY), enc.encode('0123456789ab'), enc.encode('certificate'));
    assert.ok(Buffer.isBuffer(plain));
    assert.equal(plain.toString('utf8'), 'plain');
  });
});

describe('AesGcm round trip', () => {
  for (const aadSize of [0, 16]) {
    it(`round-trips UTF-8 text with a random key, a 16-char IV and ${aadSize ? 'a random' : 'an empty'} AAD`, () => {
      const key = randomChars(32);
      const iv = randomChars(16);
      const aad = randomChars(aadSize);
      const ciphertext = AesGcm.encrypt(TEXT, key, iv, aad);
      assert.match(ciphertext, BASE64);
      assert.equal(Buffer.from(ciphertext, 'base64').length, Buffer.byteLength(TEXT) + AUTH_TAG_LENGTH_BYTE);
      assert.equal(AesGcm.decrypt(ciphertext, key, iv, aad), TEXT);
      assert.deepEqual(AesGcm.decryptToBuffer(ciphertext, key, iv, aad), Buffer.from(TEXT));
    });
  }
});

describe('AesGcm failures', () => {
  const aad = 'certificate';
  const ciphertext = AesGcm.encrypt(TEXT, KEY, IV, aad);

  it('rejects an empty IV with the encrypt message', () => {
    throwsCrypto(() => AesGcm.encrypt(TEXT, KEY, ''), ENCRYPT_FAILED);
    throwsCrypto(() => AesGcm.encrypt(TEXT, KEY, new Uint8Array(0)), ENCRYPT_FAILED);
  });

  it('rejects an empty IV on decrypt with the decrypt message', () => {
    throwsCrypto(() => AesGcm.decrypt(ciphertext, KEY, '', aad), DECRYPT_FAILED, true);
  });

  it('rejects a tampered ciphertext', () => {
    throwsCrypto(() => AesGcm.decrypt(flip(ciphertext, 0), KEY, IV, aad), DECRYPT_FAILED, true);
  });

  it('rejects a tampered tag', () => {
    throwsCrypto(() => AesGcm.decrypt(flip(ciphertext, -1), KEY, IV, aad), DECRYPT_FAILED, true);
  });

  it('rejects a different or missing AAD', () => {
    throwsCrypto(() => AesGcm.decrypt(ciphertext, KEY, IV, 'certificatE'), DECRYPT_FAILED, true);
    throwsCrypto(() => AesGcm.decrypt(ciphertext, KEY, IV), DECRYPT_FAILED, true);
  });

  it('rejects a wrong key or IV', () => {
    throwsCrypto(() => AesGcm.decrypt(ciphertext, KEY.replace('0', '1'), IV, aad), DECRYPT_FAILED, true);
    throwsCrypto(() => AesGcm.decrypt(ciphertext, KEY, IV.replace('0', '1'), aad), DECRYPT_FAILED, true);
  });

  it('never accepts a truncated tag', () => {
    const bytes = Buffer.from(ciphertext, 'base64');
    for (const cut of [1, 4, 8]) {
      const truncated = bytes.subarray(0, bytes.length - cut).toString('base64');
      throwsCrypto(() => AesGcm.decrypt(truncated, KEY, IV, aad), DECRYPT_FAILED, true);
    }
  });

  it('rejects input shorter than 16 bytes with the tag-length message', () => {
    for (const size of [0, 4, 8, 10, 12, 15]) {
      const short = Buffer.alloc(size, 7).toString('base64');
      throwsCrypto(() => AesGcm.decrypt(short, KEY, IV), TAG_INCOMPLETE);
    }
  });

  it('rejects malformed base64 with the decrypt message', () => {
    const padded = 'GvpmmdtYwexXIPhySs9Tlg==';
    assert.equal(AesGcm.decrypt(padded, KEY, IV), '');
    for (const bad of [`${padded}\n`, padded.slice(0, -2), `${padded.slice(0, 4)} ${padded.slice(4)}`, 'GvpmmdtYwexXIPhySs9Tlg-_', 'not base64!']) {
      throwsCrypto(() => AesGcm.decrypt(bad, KEY, IV), DECRYPT_FAILED, true);
    }
  });

  for (const size of [31, 33, 0, 16]) {
    it(`rejects a ${size}-byte key without revealing it`, () => {
      const key = 'k'.repeat(size);
      const check = (fn: () => unknown) => {
        throwsCrypto(fn, new RegExp(`must be exactly 32 bytes, got ${size} bytes`));
        assert.throws(fn, (error: unknown) => error instanceof Error && (size === 0 || !error.message.includes(key)));
      };
      check(() => AesGcm.encrypt(TEXT, key, IV));
      check(() => AesGcm.decrypt(ciphertext, key, IV, aad));
      check(() => AesGcm.encrypt(TEXT, new Uint8Array(size), IV));
    });
  }

  it('counts the key in UTF-8 bytes, not characters', () => {
    throwsCrypto(() => AesGcm.encrypt(TEXT, `你${'k'.repeat(30)}`, IV), /got 33 bytes/);
  });
});
