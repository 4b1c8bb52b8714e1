import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { describe, it } from 'node:test';
import { AUTO_CERTIFICATES_DEFAULTS, CHANNELS, DEFAULT_RETRIES } from '../../lib/index.js';
import { autoClient, downloads, lookup, next, start } from '../helpers/auto-certificates.js';
import { closing } from '../util/sandbox-client.js';

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

  it('a downloaded certificate is dropped once expired; one configured by hand never is', async () => {
    const sandbox = await start();
    const byHand = sandbox.clientConfig().certs;
    const expires = Date.now() + 2 * 86_400_000;
    const rotated = sandbox.rotation.rotate({ notAfter: new Date(expires) });
    let now = Date.now();
    await closing(autoClient(sandbox, { certs: byHand, autoCertificates: { clock: () => now } }), async (wxpay) => {
      await lookup(wxpay);
      const { certs } = wxpay.getDriver();
      assert.deepEqual(certs.serials().sort(), [...Object.keys(byHand), rotated.serial].sort());
      now = expires + 1000;
      const refreshed = next(CHANNELS.certificatesDownloaded);
      assert.equal((await lookup(wxpay)).status, 200, 'verified before the refresh it starts');
      assert.equal((await refreshed).reason, 'refresh', 'the newest certificate (the first) is far from expiring');
      assert.ok(!certs.has(rotated.serial), 'the expired download is gone');
      assert.ok(Object.keys(byHand).every((serial) => certs.has(serial)), 'the hand-given certificate stays');
    });
  });

  it('a failed refresh is published, not thrown, and retried after minimumInterval', { timeout: 30_000 }, async () => {
    const sandbox = await start();
    let now = Date.now();
    const clock = () => now;
    await closing(autoClient(sandbox, { autoCertificates: { clock, refreshInterval: 60, minimumInterval: 30 } }), async (wxpay) => {
      await lookup(wxpay);
      now += 60_000;
      // the refresh starts after this call's answer is verified: fail the download's own answer, every attempt of it
      const arm = (message: unknown): void => {
        if ((message as { path: string }).path === '/v3/certificates') sandbox.fault('system-error', 1 + DEFAULT_RETRIES);
      };
      subscribe(CHANNELS.requestStart, arm);
      const failed = next(CHANNELS.certificatesFailed);
      await lookup(wxpay);
      await failed.finally(() => unsubscribe(CHANNELS.requestStart, arm));
      assert.deepEqual({ ...(await failed), duration: 0 }, { reason: 'refresh', error: 'ServerError', code: 'SYSTEM_ERROR', duration: 0 });
      await lookup(wxpay);
      assert.equal(downloads(sandbox), 2 + DEFAULT_RETRIES, 'the first download, and every attempt of the failed refresh');
      now += 30_000;
      const refreshed = next(CHANNELS.certificatesDownloaded);
      await lookup(wxpay);
      await refreshed;
      assert.equal(downloads(sandbox), 3 + DEFAULT_RETRIES);
    });
  });
});

