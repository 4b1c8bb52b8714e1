import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { publishRetry } from '../../lib/diagnostics/channels.js';
import { Builder, CHANNELS, ClientError, formatEvent, NetworkError, WechatpayRequest, WechatpayResponse, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { assertNoSecrets, sandboxSecrets } from '../helpers/secrets.js';
import { closing } from '../util/sandbox-client.js';
import { untyped } from '../helpers/untyped.js';

const pki = createTestPki();
let certMode: Sandbox;
let keyMode: Sandbox;
before(async () => {
  certMode = await Sandbox.start({ pki, mode: 'certificate' });
  keyMode = await Sandbox.start({ pki });
});
after(async () => {
  await certMode.close();
  await keyMode.close();
});

type Event = readonly [string, Record<string, unknown>];
let events: Event[] = [];
const listeners = Object.values(CHANNELS).map((name) => [name, (message: unknown) => events.push([name, message as Record<string, unknown>])] as const);
before(() => {
  for (const [name, listener] of listeners) subscribe(name, listener);
});
after(() => {
  for (const [name, listener] of listeners) unsubscribe(name, listener);
});
beforeEach(() => {
  events = [];
});

const of = (name: string): Record<string, unknown>[] => events.filter(([channel]) => channel === name).map(([, message]) => message);
const lookup = (wxpay: Root) => wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o1', query: { appid: 'wx-secret-appid' } });

/** Nothing in any message, printed as JSON or as a debug line, is a secret or a query value. */
function assertClean(sandboxes: readonly Sandbox[]): void {
  const text = events.map(([name, message]) => `${JSON.stringify(message)}\n${formatEvent(name, message)}`).join('\n');
  for (const sandbox of sandboxes) assertNoSecrets(text, sandboxSecrets(sandbox), 'the diagnostics messages');
  assert.doesNotMatch(text, /wx-secret-appid|WECHATPAY2-SHA256|signature=/);
}

describe('diagnostics channels', () => {
  it('a call that succeeds: start, then verified, with the same id and redacted facts', async () => {
    await closing(Builder.factory(keyMode.clientConfig()), async (wxpay) => {
      await lookup(wxpay);
    });
    const [start] = of(CHANNELS.requestStart);
    const [verified] = of(CHANNELS.requestVerified);
    assert.deepEqual(start, { id: start?.id, protocol: 'v3', method: 'GET', path: '/v3/businesscircle/user-authorizations/o1?appid', attempt: 1 });
    assert.ok(typeof start?.id === 'number' && start.id > 0);
    assert.deepEqual(Object.keys(verified ?? {}), ['id', 'protocol', 'method', 'path', 'attempt', 'status', 'requestId', 'serial', 'duration']);
    assert.equal(verified?.id, start?.id);
    assert.equal(verified?.status, 200);
    assert.equal(verified?.serial, keyMode.platformSerial);
    assert.match(String(verified?.requestId), /^[0-9A-F]{32}$/);
    assert.ok(typeof verified?.duration === 'number' && verified.duration >= 0);
    assert.equal(of(CHANNELS.requestError).length, 0);
    assertClean([keyMode]);
  });

  it('a call that fails with a WeChat Pay error: error with status, code and Request-ID', async () => {
    await closing(Builder.factory(keyMode.clientConfig()), async (wxpay) => {
      await assert.rejects(untyped(wxpay).v3.businesscircle.parkings.post({ json: {} }), ClientError);
    });
    const [failed] = of(CHANNELS.requestError);
    assert.equal(failed?.error, 'ClientError');
    assert.equal(failed?.status, 400);
    assert.equal(failed?.code, 'PARAM_ERROR');
    assert.match(String(failed?.requestId), /^[0-9A-F]{32}$/);
    assert.equal(failed?.path, '/v3/businesscircle/parkings');
    assert.equal(of(CHANNELS.requestVerified).length, 0);
    assertClean([keyMode]);
  });

  it('a call that gets no answer: error with the transport code and no status', async () => {
    const config = { ...keyMode.clientConfig(), base_uri: 'http://127.0.0.1:9/' };
    await closing(Builder.factory(config), async (wxpay) => {
      await assert.rejects(lookup(wxpay), NetworkError);
    });
    const [failed] = of(CHANNELS.requestError);
    assert.equal(failed?.error, 'NetworkError');
    assert.equal(failed?.status, undefined);
    assert.equal(failed?.code, 'ECONNREFUSED');
    assertClean([keyMode]);
  });

  it('a retry decision: the failed attempt, its reason, the delay and the next origin', () => {
    const request = new WechatpayRequest({ protocol: 'v3', method: 'post', url: new URL('https://api.mch.weixin.qq.com/v3/x?openid=o1'), headers: { authorization: 'WECHATPAY2-SHA256-RSA2048 signature="SIG"' } });
    const answer = new WechatpayResponse({ status: 503, headers: { 'request-id': 'R1' } });
    publishRetry(7, request, 1, new NetworkError('reset', request.summary(), { code: 'ECONNRESET' }), 250, 'https://api2.mch.weixin.qq.com');
    publishRetry(7, request, 2, answer, 500);
    assert.deepEqual(of(CHANNELS.retry), [
      { id: 7, protocol: 'v3', method: 'POST', path: '/v3/x?openid', attempt: 1, reason: 'NetworkError', code: 'ECONNRESET', delay: 250, origin: 'https://api2.mch.weixin.qq.com' },
      { id: 7, protocol: 'v3', method: 'POST', path: '/v3/x?openid', attempt: 2, reason: 'status 503', code: undefined, delay: 500, origin: 'https://api.mch.weixin.qq.com' },
    ]);
    assert.doesNotMatch(JSON.stringify(events), /SIG|o1/);
  });

  it('a real retried call: a 500, then the retry decision with the backoff, then verified; all with one id', async () => {
    keyMode.reset();
    keyMode.fault('system-error');
    await closing(Builder.factory(keyMode.clientConfig()), async (wxpay) => {
      await lookup(wxpay);
    });
    const [decision] = of(CHANNELS.retry);
    const [start] = of(CHANNELS.requestStart);
    const [verified] = of(CHANNELS.requestVerified);
    assert.equal(decision?.id, start?.id);
    assert.equal(verified?.id, start?.id);
    assert.equal(decision?.reason, 'ServerError');
    assert.equal(decision?.code, 'SYSTEM_ERROR');
    assert.equal(decision?.attempt, 1);
    assert.ok(typeof decision?.delay === 'number' && decision.delay >= 125 && decision.delay <= 250);
    assert.equal(decision?.origin, new URL(keyMode.url).origin);
    assertClean([keyMode]);
  });

  it('certificates downloaded: the reason, the serials, what was installed; and the download request itself', async () => {
    const { mchid, serial, privateKey, base_uri } = certMode.clientConfig();
    await closing(Builder.factory({ mchid, serial, privateKey, base_uri, apiv3Key: certMode.apiv3Key }), async (wxpay) => {
      await lookup(wxpay);
    });
    const [downloaded] = of(CHANNELS.certificatesDownloaded);
    assert.equal(downloaded?.reason, 'unknown-serial');
    assert.deepEqual(downloaded?.serials, [certMode.platformSerial]);
    assert.deepEqual(downloaded?.installed, [certMode.platformSerial]);
    assert.match(String(downloaded?.newestExpiry), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    assert.deepEqual(
      of(CHANNELS.requestStart).map((message) => message.path),
      ['/v3/businesscircle/user-authorizations/o1?appid', '/v3/certificates'],
    );
    assert.deepEqual(of(CHANNELS.requestVerified).map((message) => message.path), ['/v3/certificates', '/v3/businesscircle/user-authorizations/o1?appid']);
    assertClean([certMode]);
  });

  it('certificates failed: a merchant without any gets certificates:failed and the call its error', async () => {
    const { mchid, serial, privateKey, base_uri } = keyMode.clientConfig();
    await closing(Builder.factory({ mchid, serial, privateKey, base_uri, apiv3Key: keyMode.apiv3Key }), async (wxpay) => {
      await assert.rejects(lookup(wxpay), { name: 'NoPlatformCertificateError' });
    });
    const [failed] = of(CHANNELS.certificatesFailed);
    assert.deepEqual({ ...failed, duration: 0 }, { reason: 'unknown-serial', error: 'NoPlatformCertificateError', code: 'RESOURCE_NOT_EXISTS', duration: 0 });
    assert.deepEqual(of(CHANNELS.requestError).map((message) => [message.path, message.error, message.code]), [
      ['/v3/certificates', 'ClientError', 'RESOURCE_NOT_EXISTS'],
      ['/v3/businesscircle/user-authorizations/o1?appid', 'NoPlatformCertificateError', 'RESOURCE_NOT_EXISTS'],
    ]);
    assertClean([keyMode]);
  });

  it('expiry: a platform certificate expiring within 30 days is published once and kept as data', async () => {
    const sandbox = await Sandbox.start({ pki, mode: 'certificate' });
    try {
      const soon = new Date(Date.now() + 10 * 86_400_000);
      const rotated = sandbox.rotation.rotate({ notAfter: soon, retire: true });
      const { mchid, serial, privateKey, base_uri } = sandbox.clientConfig();
      await closing(Builder.factory({ mchid, serial, privateKey, base_uri, apiv3Key: sandbox.apiv3Key }), async (wxpay) => {
        await lookup(wxpay);
        await lookup(wxpay);
        const notices = wxpay.getDriver().expiry;
        assert.equal(notices.length, 1);
        assert.deepEqual(notices[0], { kind: 'platform-certificate', serial: rotated.serial, expiresAt: new Date(Math.floor(soon.getTime() / 1000) * 1000).toISOString(), daysLeft: 9, replacedBy: undefined });
        assert.deepEqual(of(CHANNELS.expiry), [notices[0]]);
      });
      assertClean([sandbox]);
    } finally {
      await sandbox.close();
    }
  });
});

describe('NODE_DEBUG=wechatpay', () => {
  const dir = mkdtempSync(join(import.meta.dirname, '.debug-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one line per event to stderr, and nothing without it', () => {
    const script = join(dir, 'call.mts');
    const lib = join(import.meta.dirname, '..', '..', 'lib');
    writeFileSync(
      script,
      [
        `import { Builder } from ${JSON.stringify(join(lib, 'index.ts'))};`,
        `import { Sandbox } from ${JSON.stringify(join(lib, 'sandbox', 'index.ts'))};`,
        'const sandbox = await Sandbox.start();',
        'const wxpay = Builder.factory(sandbox.clientConfig());',
        "await wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o1', query: { appid: 'wx1' } });",
        'await wxpay.getDriver().close();',
        'await sandbox.close();',
      ].join('\n'),
    );
    const run = (debug: string | undefined) => spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: debug ?? '' } });
    const on = run('wechatpay');
    assert.equal(on.status, 0, on.stderr);
    const lines = on.stderr.trim().split('\n');
    assert.equal(lines.length, 2, on.stderr);
    assert.match(lines[0] ?? '', /^WECHATPAY \d+: request:start id=1 protocol=v3 method=GET path=\/v3\/businesscircle\/user-authorizations\/o1\?appid attempt=1$/);
    assert.match(lines[1] ?? '', /^WECHATPAY \d+: request:verified id=1 .* status=200 requestId=[0-9A-F]{32} serial=PUB_KEY_ID_\d{28} duration=[\d.]+$/);
    const off = run(undefined);
    assert.equal(off.status, 0, off.stderr);
    assert.equal(off.stderr, '');
  });
});
