import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { Builder, ConfigError, CryptoError, NoPlatformCertificateError, UnknownSerialError, type AutoCertificatesOptions } from '../../lib/index.js';
import { autoClient, downloads, lookup, start } from '../helpers/auto-certificates.js';
import { closing } from '../util/sandbox-client.js';

describe('automatic platform certificates: downloads', () => {
  it('a certificate-mode client with only apiv3Key makes its first call, with one download', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      assert.equal((await lookup(wxpay)).status, 200);
      assert.equal((await lookup(wxpay)).status, 200);
      assert.deepEqual(wxpay.getDriver().certs.serials(), [sandbox.platformSerial]);
    });
    assert.equal(downloads(sandbox), 1);
  });

  it('after the sandbox rotates its certificate, the next call succeeds with one download', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      await lookup(wxpay);
      const old = sandbox.platformSerial;
      const rotated = sandbox.rotation.rotate();
      assert.notEqual(rotated.serial, old);
      assert.equal((await lookup(wxpay)).headers['wechatpay-serial'], rotated.serial);
      assert.deepEqual(wxpay.getDriver().certs.serials(), [old, rotated.serial]);
    });
    assert.equal(downloads(sandbox), 2);
  });

  it('50 concurrent calls after a rotation cause one download', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      await lookup(wxpay);
      sandbox.rotation.rotate();
      const answers = await Promise.all(Array.from({ length: 50 }, () => lookup(wxpay)));
      assert.ok(answers.every((answer) => answer.status === 200));
    });
    assert.equal(downloads(sandbox), 2);
  });

  it('a merchant with no certificates gets NoPlatformCertificateError once, then no download per call', async () => {
    const sandbox = await start('public-key');
    await closing(autoClient(sandbox), async (wxpay) => {
      await assert.rejects(lookup(wxpay), (error: unknown) => {
        assert.ok(error instanceof NoPlatformCertificateError);
        assert.match(error.message, /PUB_KEY_ID_/);
        assert.ok(!error.message.includes(sandbox.apiv3Key));
        return true;
      });
      for (let i = 0; i < 5; i += 1) await assert.rejects(lookup(wxpay), UnknownSerialError);
      assert.ok(wxpay.getDriver().keySource?.auto?.state.noCertificates instanceof NoPlatformCertificateError);
    });
    assert.equal(downloads(sandbox), 1);
  });

  it('concurrent calls of a merchant with no certificates share the one download and its error', async () => {
    const sandbox = await start('public-key');
    await closing(autoClient(sandbox), async (wxpay) => {
      const settled = await Promise.allSettled(Array.from({ length: 10 }, () => lookup(wxpay)));
      const reasons = settled.map((outcome) => (outcome.status === 'rejected' ? (outcome.reason as Error).name : 'fulfilled'));
      assert.ok(reasons.includes('NoPlatformCertificateError'), reasons.join());
      assert.ok(reasons.every((name) => name === 'NoPlatformCertificateError' || name === 'UnknownSerialError'), 'the calls answered after the download failed: an unknown serial');
    });
    assert.equal(downloads(sandbox), 1);
  });

  it('a download that fails keeps the next one away for minimumInterval', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      await lookup(wxpay);
      // four answers name an unknown serial: the first call's, the download's (so it fails), then two calls' without a download
      sandbox.fault('unknown-serial', 4);
      for (let i = 0; i < 3; i += 1) await assert.rejects(lookup(wxpay), UnknownSerialError);
      assert.equal((await lookup(wxpay)).status, 200);
    });
    assert.equal(downloads(sandbox), 2, 'the first lookup of the unknown serial only');
  });

  it('certs given by hand win: never replaced by a download, the new certificate added beside them', async () => {
    const sandbox = await start();
    const config = sandbox.clientConfig();
    await closing(autoClient(sandbox, { certs: config.certs }), async (wxpay) => {
      const { certs } = wxpay.getDriver();
      const byHand = certs.get(sandbox.platformSerial);
      await lookup(wxpay);
      assert.equal(downloads(sandbox), 0, 'a configured serial needs no download');
      const old = sandbox.platformSerial;
      const rotated = sandbox.rotation.rotate();
      await lookup(wxpay);
      assert.equal(certs.get(old), byHand);
      assert.deepEqual(certs.serials(), [old, rotated.serial]);
      assert.deepEqual(wxpay.getDriver().keySource?.auto?.state.certificates.map((c) => c.serial), [old, rotated.serial]);
    });
    assert.equal(downloads(sandbox), 1);
  });

  it('autoCertificates: false, or no apiv3Key: an unknown serial is an UnknownSerialError, nothing downloaded', async () => {
    const sandbox = await start();
    const { mchid, serial, privateKey, base_uri } = sandbox.clientConfig();
    await closing(autoClient(sandbox, { autoCertificates: false }), async (wxpay) => {
      await assert.rejects(lookup(wxpay), UnknownSerialError);
      assert.equal(wxpay.getDriver().keySource?.auto, undefined);
    });
    await closing(Builder.factory({ mchid, serial, privateKey, base_uri, certs: { any: null } }), async (wxpay) => {
      await assert.rejects(lookup(wxpay), UnknownSerialError);
    });
    assert.equal(downloads(sandbox), 0);
  });

  it('pin: a first download that lists none of the pinned serials is not trusted', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox, { autoCertificates: { pin: ['7F00000000000000000000000000000000000001'] } }), async (wxpay) => {
      await assert.rejects(lookup(wxpay), (error: unknown) => error instanceof CryptoError && /pinned/.test(error.message));
      assert.deepEqual(wxpay.getDriver().certs.serials(), []);
    });
    await closing(autoClient(sandbox, { autoCertificates: { pin: [sandbox.platformSerial.toLowerCase()] } }), async (wxpay) => {
      assert.equal((await lookup(wxpay)).status, 200);
    });
  });

  it('a wrong APIv3 key: the call says so (CryptoError), once per minimumInterval', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox, { apiv3Key: 'x'.repeat(32) }), async (wxpay) => {
      await assert.rejects(lookup(wxpay), (error: unknown) => error instanceof CryptoError && /APIv3 key/.test(error.message) && !error.message.includes('x'.repeat(32)));
      await assert.rejects(lookup(wxpay), UnknownSerialError);
    });
    assert.equal(downloads(sandbox), 1);
  });

  it('the WeChat Pay public key and certificates together: each answer verified by the key its serial names', async () => {
    const sandbox = await start();
    sandbox.rotation.use('both');
    const { serial: keyId, key } = sandbox.rotation.publicKey;
    await closing(autoClient(sandbox, { certs: { [keyId]: createPublicKey(key) } }), async (wxpay) => {
      const serials = new Set<unknown>();
      for (let i = 0; i < 4; i += 1) serials.add((await lookup(wxpay)).headers['wechatpay-serial']);
      assert.deepEqual([...serials].sort(), [sandbox.rotation.current.serial, keyId].sort(), 'answers signed by either, all verified');
    });
    assert.equal(downloads(sandbox), 1);
  });

  it('bad settings are ConfigErrors naming the setting; apiv3Key must be 32 bytes', async () => {
    const sandbox = await start();
    const { mchid, serial, privateKey } = sandbox.clientConfig();
    assert.throws(() => Builder.factory({ mchid, serial, privateKey, apiv3Key: 'short' }), (error: unknown) => error instanceof ConfigError && error.setting === 'apiv3Key' && /5 bytes/.test(error.message));
    assert.throws(() => Builder.factory({ mchid, serial, privateKey }), (error: unknown) => error instanceof ConfigError && error.setting === 'certs');
    const bad = (options: AutoCertificatesOptions) => () => Builder.factory({ mchid, serial, privateKey, apiv3Key: sandbox.apiv3Key, autoCertificates: options });
    assert.throws(bad({ refreshInterval: -1 }), (error: unknown) => error instanceof ConfigError && error.setting === 'autoCertificates.refreshInterval');
    assert.throws(bad({ pin: 'ABC' as unknown as string[] }), (error: unknown) => error instanceof ConfigError && error.setting === 'autoCertificates.pin');
  });

  it('an APIv2-only client may carry apiv3Key: it stays APIv2-only', () => {
    const driver = Builder.factory({ mchid: '1900000100', secret: 's'.repeat(32), apiv3Key: 'a'.repeat(32) }).getDriver();
    assert.equal(driver.keySource, undefined);
    assert.deepEqual(driver.expiry, []);
    assert.throws(() => driver.certs, ConfigError);
  });
});

