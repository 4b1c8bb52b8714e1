import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { Builder, CHANNELS, ExpiryWatch, PlatformKeys, UnknownSerialError, type ExpiryMessage } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { createCertificate, SANDBOX_CA_SUBJECT } from '../../lib/sandbox/pki/index.js';
import { closing } from '../util/sandbox-client.js';

const DAY = 86_400_000;
const pki = createTestPki();

/** A certificate from the test CA that expires at `notAfter`. */
function certificate(notAfter: Date): { pem: string; serial: string } {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return createCertificate({ subject: 'expiring', issuer: SANDBOX_CA_SUBJECT, signingKey: pki.ca.key, publicKey: key, notAfter });
}

function collect(run: () => void): ExpiryMessage[] {
  const seen: ExpiryMessage[] = [];
  const listener = (message: unknown): void => {
    seen.push(message as ExpiryMessage);
  };
  subscribe(CHANNELS.expiry, listener);
  try {
    run();
  } finally {
    unsubscribe(CHANNELS.expiry, listener);
  }
  return seen;
}

describe('ExpiryWatch', () => {
  it('reports the merchant certificate and platform certificates within the warning period, each published once', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    let clock = now;
    const soon = certificate(new Date(now + 5 * DAY));
    const later = certificate(new Date(now + 90 * DAY));
    const merchant = certificate(new Date(now + 20 * DAY));
    const keys = new PlatformKeys({ [soon.serial]: soon.pem, [later.serial]: later.pem, PUB_KEY_ID_0000000000000000000000000001: createPublicKey(pki.platform.key) });
    assert.equal(keys.expiresAt('PUB_KEY_ID_0000000000000000000000000001'), undefined, 'a public key has no date');
    const watch = new ExpiryWatch(keys, new X509Certificate(merchant.pem), () => clock);
    const first = collect(() => {
      watch.check();
      watch.check();
    });
    assert.deepEqual(first, [
      { kind: 'merchant-certificate', serial: merchant.serial.toUpperCase(), expiresAt: new Date(now + 20 * DAY).toISOString(), daysLeft: 20, replacedBy: undefined },
      { kind: 'platform-certificate', serial: soon.serial, expiresAt: new Date(now + 5 * DAY).toISOString(), daysLeft: 5, replacedBy: undefined },
    ]);
    clock = now + 6 * DAY;
    const expired = collect(() => watch.check());
    assert.deepEqual(expired.map((notice) => [notice.serial, notice.daysLeft]), [[soon.serial, -1]], 'an expiry is published again once it has passed');
    assert.equal(watch.notices().length, 2);
  });

  it("a client's merchant certificate (`merchant`) within 30 days is in driver.expiry", () => {
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const notAfter = new Date(Date.now() + 12 * DAY);
    const { pem, serial } = createCertificate({ subject: 'merchant', issuer: SANDBOX_CA_SUBJECT, signingKey: pki.ca.key, publicKey: key, notAfter });
    const merchant = { cert: pem, key: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
    const driver = Builder.factory({ mchid: '1900000100', serial: 'S1', privateKey: key, certs: { PUB_KEY_ID_0000000000000000000000000001: createPublicKey(key) }, merchant }).getDriver();
    assert.deepEqual(
      driver.expiry.map((notice) => [notice.kind, notice.serial, notice.daysLeft]),
      [['merchant-certificate', serial.toUpperCase(), 11]],
    );
  });

  it('a public key named by an answer instead of the configured one is reported replaced', async () => {
    const sandbox = await Sandbox.start({ pki });
    try {
      const config = sandbox.clientConfig();
      const oldId = 'PUB_KEY_ID_0000000000000000000000000007';
      await closing(Builder.factory({ ...config, certs: { [oldId]: createPublicKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) } }), async (wxpay) => {
        let thrown: unknown;
        const seen = await new Promise<ExpiryMessage[]>((resolve) => {
          const messages: ExpiryMessage[] = [];
          const listener = (message: unknown): void => {
            messages.push(message as ExpiryMessage);
          };
          subscribe(CHANNELS.expiry, listener);
          wxpay.v3.businesscircle.userAuthorizations._openid_
            .get({ openid: 'o1', query: { appid: 'wx1' } })
            .catch((error: unknown) => {
              thrown = error;
            })
            .finally(() => {
              unsubscribe(CHANNELS.expiry, listener);
              resolve(messages);
            });
        });
        assert.ok(thrown instanceof UnknownSerialError);
        const notice = { kind: 'public-key', serial: oldId, expiresAt: undefined, daysLeft: undefined, replacedBy: sandbox.platformSerial };
        assert.deepEqual(seen, [notice]);
        assert.deepEqual(wxpay.getDriver().expiry, [notice]);
      });
    } finally {
      await sandbox.close();
    }
  });
});
