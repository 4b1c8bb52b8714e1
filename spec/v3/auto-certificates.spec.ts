import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  AUTO_CERTIFICATES_DEFAULTS,
  Builder,
  CHANNELS,
  ConfigError,
  CryptoError,
  NoPlatformCertificateError,
  Notification,
  NotificationSerialError,
  UnknownSerialError,
  type AutoCertificatesOptions,
  type ClientConfig,
  type Root,
} from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { close, listen } from '../notification/recipes.js';
import { closing } from '../util/sandbox-client.js';

const pki = createTestPki();
const sandboxes: Sandbox[] = [];
after(async () => {
  await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
});

/** A fresh sandbox (its own rotation state), closed after the file. */
async function start(mode: 'certificate' | 'public-key' = 'certificate'): Promise<Sandbox> {
  const sandbox = await Sandbox.start({ pki, mode });
  sandboxes.push(sandbox);
  return sandbox;
}

/** A client that has only the APIv3 key (no `certs`). */
function autoClient(sandbox: Sandbox, extra: Partial<ClientConfig> = {}): Root {
  const { mchid, serial, privateKey, base_uri } = sandbox.clientConfig();
  return Builder.factory({ mchid, serial, privateKey, base_uri, apiv3Key: sandbox.apiv3Key, ...extra });
}

/** How many times the sandbox was asked for its certificates. */
const downloads = (sandbox: Sandbox): number => sandbox.requests.filter((request) => request.path === '/v3/certificates').length;

const lookup = (wxpay: Root) => wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o1', query: { appid: 'wx1' } });

/** Resolves with the next message of a channel. */
function next(name: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const listener = (message: unknown): void => {
      unsubscribe(name, listener);
      resolve(message as Record<string, unknown>);
    };
    subscribe(name, listener);
  });
}

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

  it('bad settings are ConfigErrors naming the setting; apiv3Key must be 32 bytes', () => {
    const sandbox = sandboxes[0];
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

describe('automatic platform certificates: refresh timing (fake clock)', () => {
  it('refreshes in the background once refreshInterval has passed, never more often', async () => {
    const sandbox = await start();
    let now = Date.now();
    const clock = () => now;
    await closing(autoClient(sandbox, { autoCertificates: { clock, refreshInterval: 3600 } }), async (wxpay) => {
      await lookup(wxpay);
      const auto = wxpay.getDriver().keySource?.auto;
      assert.equal(auto?.state.nextRefresh, now + 3_600_000);
      now += 3_599_000;
      await lookup(wxpay);
      assert.equal(downloads(sandbox), 1);
      now += 1_000;
      const refreshed = next(CHANNELS.certificatesDownloaded);
      await lookup(wxpay);
      assert.equal((await refreshed).reason, 'refresh');
      assert.equal(downloads(sandbox), 2);
      await lookup(wxpay);
      await lookup(wxpay);
      assert.equal(downloads(sandbox), 2);
      assert.equal(auto?.state.nextRefresh, now + 3_600_000);
    });
  });

  it('refreshes before the newest certificate expires, then hourly while it is about to', async () => {
    const sandbox = await start();
    const expires = new Date(Date.now() + 8 * 86_400_000);
    sandbox.rotation.rotate({ notAfter: expires, retire: true });
    let now = Date.now();
    const clock = () => now;
    await closing(autoClient(sandbox, { autoCertificates: { clock, refreshInterval: 30 * 86_400 } }), async (wxpay) => {
      await lookup(wxpay);
      const auto = wxpay.getDriver().keySource?.auto;
      const renewAt = Math.floor(expires.getTime() / 1000) * 1000 - AUTO_CERTIFICATES_DEFAULTS.renewBefore * 1000;
      assert.equal(auto?.state.nextRefresh, renewAt, 'due renewBefore (7 days) before the expiry, not in 30 days');
      now = renewAt;
      const refreshed = next(CHANNELS.certificatesDownloaded);
      await lookup(wxpay);
      assert.equal((await refreshed).reason, 'expiring');
      assert.equal(auto?.state.nextRefresh, now + 3_600_000, 'hourly while the newest still expires soon');
      assert.equal(downloads(sandbox), 2);
    });
  });

  it('a failed refresh is published, not thrown, and retried after minimumInterval', async () => {
    const sandbox = await start();
    let now = Date.now();
    const clock = () => now;
    await closing(autoClient(sandbox, { autoCertificates: { clock, refreshInterval: 60, minimumInterval: 30 } }), async (wxpay) => {
      await lookup(wxpay);
      now += 60_000;
      // the refresh starts after this call's answer is verified: fail the download's own answer
      const arm = (message: unknown): void => {
        if ((message as { path: string }).path === '/v3/certificates') sandbox.fault('system-error', 1);
      };
      subscribe(CHANNELS.requestStart, arm);
      const failed = next(CHANNELS.certificatesFailed);
      await lookup(wxpay);
      await failed.finally(() => unsubscribe(CHANNELS.requestStart, arm));
      assert.deepEqual({ ...(await failed), duration: 0 }, { reason: 'refresh', error: 'ServerError', code: 'SYSTEM_ERROR', duration: 0 });
      await lookup(wxpay);
      assert.equal(downloads(sandbox), 2);
      now += 30_000;
      const refreshed = next(CHANNELS.certificatesDownloaded);
      await lookup(wxpay);
      await refreshed;
      assert.equal(downloads(sandbox), 3);
    });
  });
});

describe('automatic platform certificates: callbacks (Notification with a client)', () => {
  let server: ReturnType<typeof createServer>;
  let url = '';
  let notification: Notification;
  before(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        notification
          .v3Async(request.headers, Buffer.concat(chunks))
          .then((event) => {
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serial: event.headers.serial, mchid: (event.resource as { mchid: string }).mchid }));
          })
          .catch((error: unknown) => {
            response.writeHead(500).end(error instanceof Error ? error.name : 'Error');
          });
      });
    });
    url = await listen(server);
  });
  after(() => close(server));

  it('a callback signed by a certificate the process has not seen yet verifies, after one download shared with the client', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      notification = new Notification({ client: wxpay, apiv3Key: sandbox.apiv3Key });
      const first = await sandbox.notify('mall.transaction', url);
      assert.deepEqual(JSON.parse(first.body), { serial: sandbox.platformSerial, mchid: sandbox.mchid });
      const rotated = sandbox.rotation.rotate();
      const headers = (await sandbox.notify('mall.authorization', url)).sent.headers;
      assert.equal(headers['Wechatpay-Serial'], rotated.serial);
      assert.equal(downloads(sandbox), 2);
      assert.equal((await lookup(wxpay)).headers['wechatpay-serial'], rotated.serial);
      assert.equal(downloads(sandbox), 2, 'the client verifies with what the callback brought');
    });
  });

  it('a callback under a serial no download brings: one download, then none for minimumInterval', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      notification = new Notification({ client: wxpay, apiv3Key: sandbox.apiv3Key });
      for (let i = 0; i < 3; i += 1) {
        const reply = await sandbox.notify('mall.transaction', url, { serial: 'PUB_KEY_ID_0000000000000000000000000042' });
        assert.equal(reply.body, 'NotificationSerialError');
      }
      assert.equal(downloads(sandbox), 1);
      assert.equal((await lookup(wxpay)).status, 200, 'the client has the certificate the download brought');
      assert.equal(downloads(sandbox), 1);
    });
  });

  it('without a client, or synchronously, an unseen serial is still a NotificationSerialError', async () => {
    const sandbox = await start();
    notification = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key });
    sandbox.rotation.rotate();
    const reply = await sandbox.notify('mall.transaction', url);
    assert.equal(reply.status, 500);
    assert.equal(reply.body, 'NotificationSerialError');
    assert.throws(() => notification.v3(reply.sent.headers, reply.sent.body), NotificationSerialError);
    assert.equal(downloads(sandbox), 0);
  });
});
