import assert from 'node:assert/strict';
import { X509Certificate, constants, createPublicKey, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { CryptoError, Rsa } from '../../lib/index.js';
import { createCertificate } from '../../lib/sandbox/pki/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
const pkcs1Public = publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const passphrase = 'f00dcafe';
const encrypted = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
const certificate = createCertificate({ subject: 'WeChatPay Community CI', publicKey, signingKey: privateKey }).pem;
const b64 = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');

const dir = mkdtempSync(join(tmpdir(), 'wechatpay-rsa-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return pathToFileURL(path).href;
};
const files = { pkcs1: file('pkcs1.key', pkcs1), pkcs8: file('pkcs8.key', pkcs8), spki: file('spki.pem', spki), cert: file('cert.pem', certificate), encrypted: file('enc.key', encrypted) };

describe('Rsa.from (php-sdk.md §11.4, T7)', () => {
  const privates: [string, Parameters<typeof Rsa.from>[0]][] = [
    ['private.pkcs1://', `private.pkcs1://${b64(pkcs1)}`],
    ['private.pkcs8://', `private.pkcs8://${b64(pkcs8)}`],
    ['file:// PKCS#1', files.pkcs1],
    ['file:// PKCS#8', files.pkcs8],
    ['a file: URL object', new URL(files.pkcs8)],
    ['PKCS#1 PEM', pkcs1],
    ['PKCS#8 PEM', pkcs8],
    ['a CRLF PEM', pkcs8.replace(/\n/g, '\r\n')],
    ['a PEM Buffer', Buffer.from(pkcs8)],
    ['a KeyObject', privateKey],
    ['[file://encrypted, pwd]', [files.encrypted, passphrase]],
    ['[encrypted PEM, pwd]', [encrypted, passphrase]],
    ["[file://pkcs1, '']", [files.pkcs1, '']],
  ];
  for (const [name, input] of privates) {
    it(`loads a private key from ${name}`, () => {
      const key = Rsa.from(input, Rsa.KEY_TYPE_PRIVATE);
      assert.equal(key.type, 'private');
      assert.equal(Rsa.verify('m', Rsa.sign('m', key), publicKey), true);
    });
  }

  const publics: [string, Parameters<typeof Rsa.from>[0]][] = [
    ['public.pkcs1://', `public.pkcs1://${b64(pkcs1Public)}`],
    ['public.spki://', `public.spki://${b64(spki)}`],
    ['file:// SPKI', files.spki],
    ['file:// certificate', files.cert],
    ['SPKI PEM', spki],
    ['RSA PUBLIC KEY PEM', pkcs1Public],
    ['certificate PEM', certificate],
    ['an X509Certificate', new X509Certificate(certificate)],
    ['a public KeyObject', publicKey],
    ['a private key (its public half)', privateKey],
  ];
  for (const [name, input] of publics) {
    it(`loads a public key from ${name}`, () => {
      const key = Rsa.from(input, Rsa.KEY_TYPE_PUBLIC);
      assert.equal(key.type, 'public');
      assert.equal(Rsa.verify('m', Rsa.sign('m', privateKey), key), true);
    });
  }

  it('refuses a plain path without file://, a PUB_KEY_ID, garbage and a public key as private', () => {
    const message = /Cannot load (public|private)Key from\((string|KeyObject)\), please take care about the input: .+\.$/;
    assert.throws(() => Rsa.from(files.pkcs8.slice('file://'.length)), message);
    assert.throws(() => Rsa.from('PUB_KEY_ID_0114232134912410000000000001', Rsa.KEY_TYPE_PUBLIC), /Cannot load publicKey from\(string\)/);
    assert.throws(() => Rsa.from('------ BEGIN PRIVATE ------'), CryptoError);
    assert.throws(() => Rsa.from(publicKey, Rsa.KEY_TYPE_PRIVATE), /Cannot load privateKey from\(KeyObject\)/);
    assert.throws(() => Rsa.from('unknown.scheme://abc'), CryptoError);
  });

  it('shortcuts: fromPkcs1, fromPkcs8, fromSpki, pkcs1ToSpki', () => {
    assert.equal(Rsa.fromPkcs1(b64(pkcs1)).type, 'private');
    assert.equal(Rsa.fromPkcs1(b64(pkcs1Public), Rsa.KEY_TYPE_PUBLIC).type, 'public');
    assert.equal(Rsa.fromPkcs8(b64(pkcs8)).type, 'private');
    assert.equal(Rsa.fromSpki(b64(spki)).type, 'public');
    const converted = Rsa.pkcs1ToSpki(b64(pkcs1Public));
    assert.ok(converted.startsWith('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'));
    assert.equal(converted, b64(spki));
  });
});

describe('Rsa.sign / Rsa.verify', () => {
  it('round-trips and rejects a wrong or malformed signature', () => {
    const signature = Rsa.sign('hello 微信支付', privateKey);
    assert.match(signature, /^[A-Za-z0-9+/]+={0,2}$/);
    assert.equal(Rsa.verify('hello 微信支付', signature, publicKey), true);
    assert.equal(Rsa.verify('hello', signature, publicKey), false);
    assert.equal(Rsa.verify('hello', 'not base64!', publicKey), false);
    assert.equal(Rsa.verify('hello', 'QUJD', publicKey), false);
  });

  it('signs bytes exactly', () => {
    const bytes = Buffer.from([0, 255, 10]);
    assert.equal(Rsa.verify(bytes, Rsa.sign(bytes, privateKey), publicKey), true);
  });

  it('a key that cannot be used throws the PHP messages', () => {
    assert.throws(() => Rsa.sign('m', '------ BEGIN PRIVATE ------'), /Signing the input message failed, please checking your `privateKey` whether or nor correct\./);
    assert.throws(() => Rsa.verify('m', 'QUJD', 'not a key'), /Verified the input message failed, please checking your `publicKey` whether or nor correct\./);
  });
});

describe('Rsa.encrypt / Rsa.decrypt (RSA-OAEP, SHA-1)', () => {
  it('round-trips 214 bytes and refuses 215 with a 2048-bit key', () => {
    const max = 'x'.repeat(214);
    assert.equal(Rsa.decrypt(Rsa.encrypt(max, publicKey), privateKey), max);
    assert.throws(() => Rsa.encrypt('x'.repeat(215), publicKey), /Encrypting the input plaintext failed, please checking your `publicKey` whether or nor correct\./);
  });

  it('interoperates with OAEP-SHA1 and not with OAEP-SHA256', () => {
    const theirs = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from('王小王')).toString('base64');
    assert.equal(Rsa.decrypt(theirs, privateKey), '王小王');
    const ours = Buffer.from(Rsa.encrypt('王小王', createPublicKey(privateKey)), 'base64');
    assert.equal(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, ours).toString(), '王小王');
    const sha256 = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from('x')).toString('base64');
    assert.throws(() => Rsa.decrypt(sha256, privateKey), /Decrypting the input ciphertext failed/);
  });

  it('only OAEP padding is accepted', () => {
    assert.throws(() => Rsa.encrypt('x', publicKey, constants.RSA_PKCS1_PADDING), /Here's only support the OPENSSL_PKCS1_OAEP_PADDING\(4\) mode, yours\(1\)\./);
    assert.throws(() => Rsa.decrypt('x', privateKey, constants.RSA_PKCS1_PADDING), /yours\(1\)/);
  });
});
