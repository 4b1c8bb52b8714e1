import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  AesGcm,
  Builder,
  CryptoError,
  NoPlatformCertificateError,
  SignatureMismatchError,
  UnknownSerialError,
  decryptCertificates,
  downloadCertificates,
  type Root,
} from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { closing } from '../util/sandbox-client.js';

const pki = createTestPki();
let sandbox: Sandbox;
let keyMode: Sandbox;

before(async () => {
  sandbox = await Sandbox.start({ pki, mode: 'certificate' });
  keyMode = await Sandbox.start({ pki });
});
beforeEach(() => {
  sandbox.reset();
});
after(async () => {
  await sandbox.close();
  await keyMode.close();
});

/** A client of the certificate-mode sandbox with no platform certificate yet (PHP's `['any' => null]` placeholder). */
function bootstrapClient(): Root {
  const { mchid, serial, privateKey, base_uri } = sandbox.clientConfig();
  return Builder.factory({ mchid, serial, privateKey, base_uri, certs: { any: null } });
}

describe('downloadCertificates (php-sdk.md §13)', () => {
  it('bootstraps: decrypts the certificate and verifies the answer with it, from a client without any', async () => {
    await closing(bootstrapClient(), async (wxpay) => {
      const [certificate, ...others] = await downloadCertificates(wxpay, sandbox.apiv3Key);
      assert.equal(others.length, 0);
      assert.equal(certificate?.serial, sandbox.platformSerial);
      assert.equal(certificate?.pem, pki.platform.cert);
      assert.ok(certificate?.certificate instanceof X509Certificate);
      assert.equal(certificate?.certificate.serialNumber, sandbox.platformSerial);
      assert.match(certificate?.effective_time ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      assert.ok(Date.parse(certificate.expire_time) > Date.now());
      assert.deepEqual(wxpay.getDriver().certs.serials(), ['any'], 'not installed unless asked');
      assert.equal(sandbox.lastRequest()?.authorized, true);
    });
  });

  it('{ install: true } puts them in the client\'s certs, which then verify ordinary answers', async () => {
    await closing(bootstrapClient(), async (wxpay) => {
      await assert.rejects(wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o1', query: { appid: 'wx1' } }), UnknownSerialError);
      await downloadCertificates(wxpay.getDriver(), sandbox.apiv3Key, { install: true });
      assert.deepEqual(wxpay.getDriver().certs.serials(), ['any', sandbox.platformSerial]);
      const res = await wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o1', query: { appid: 'wx1' } });
      assert.equal(res.status, 200);
    });
  });

  it('a wrong APIv3 key is a CryptoError that says to check it', async () => {
    await closing(bootstrapClient(), async (wxpay) => {
      await assert.rejects(downloadCertificates(wxpay, 'x'.repeat(32)), (error: unknown) => {
        assert.ok(error instanceof CryptoError);
        assert.match(error.message, /check the APIv3 key/);
        assert.ok(!error.message.includes(sandbox.apiv3Key));
        return true;
      });
    });
  });

  it('an answer that is not signed by the certificate it carries is refused', async () => {
    await closing(bootstrapClient(), async (wxpay) => {
      sandbox.fault('bad-signature');
      await assert.rejects(downloadCertificates(wxpay, sandbox.apiv3Key, { install: true }), SignatureMismatchError);
      sandbox.fault('unknown-serial');
      await assert.rejects(downloadCertificates(wxpay, sandbox.apiv3Key), UnknownSerialError);
      assert.deepEqual(wxpay.getDriver().certs.serials(), ['any'], 'nothing installed from a refused answer');
    });
  });

  it('a merchant in public-key mode gets 404 RESOURCE_NOT_EXISTS, explained', async () => {
    await closing(Builder.factory(keyMode.clientConfig()), async (wxpay) => {
      await assert.rejects(downloadCertificates(wxpay, keyMode.apiv3Key), (error: unknown) => {
        assert.ok(error instanceof NoPlatformCertificateError);
        assert.equal(error.status, 404);
        assert.equal(error.code, 'RESOURCE_NOT_EXISTS');
        assert.match(error.requestId ?? '', /^[0-9A-F]{32}$/);
        assert.match(error.message, /WeChat Pay public key \(PUB_KEY_ID_…\)/);
        assert.match(error.message, /no certificate download is needed/);
        return true;
      });
    });
  });
});

describe('decryptCertificates', () => {
  const key = '0123456789abcdef0123456789ABCDEF';
  const row = (pem: string, serial: string, effective: string) => ({
    serial_no: serial,
    effective_time: effective,
    expire_time: '2034-01-01T00:00:00+08:00',
    encrypt_certificate: { algorithm: 'AEAD_AES_256_GCM', nonce: 'a1b2c3d4e5f6', associated_data: 'certificate', ciphertext: AesGcm.encrypt(pem, key, 'a1b2c3d4e5f6', 'certificate') },
  });

  it('sorts oldest first and upper-cases the serial', () => {
    const other = createTestPki();
    const list = decryptCertificates({ data: [row(pki.platform.cert, pki.platform.serial.toLowerCase(), '2024-02-01T00:00:00+08:00'), row(other.platform.cert, other.platform.serial, '2024-01-01T00:00:00+08:00')] }, key);
    assert.deepEqual(list.map((c) => c.serial), [other.platform.serial, pki.platform.serial]);
  });

  it('refuses a certificate listed under another serial, another algorithm, and a body that is no list', () => {
    assert.throws(() => decryptCertificates({ data: [row(pki.platform.cert, 'ABCDEF', '2024-01-01T00:00:00+08:00')] }, key), /has the serial/);
    const sm4 = row(pki.platform.cert, pki.platform.serial, '2024-01-01T00:00:00+08:00');
    assert.throws(() => decryptCertificates({ data: [{ ...sm4, encrypt_certificate: { ...sm4.encrypt_certificate, algorithm: 'AEAD_SM4_GCM' } }] }, key), /only AEAD_AES_256_GCM/);
    for (const body of [null, {}, { data: {} }, { data: [{ serial_no: 'x' }] }]) assert.throws(() => decryptCertificates(body, key), TypeError);
  });
});
