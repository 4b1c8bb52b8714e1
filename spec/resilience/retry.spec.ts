import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { Builder, ClientError, ConfigError, Failover, NetworkError, retry, ServerError, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { refundOf } from '../helpers/v2.js';
import { untyped } from '../helpers/untyped.js';
import { rejectionOf } from '../helpers/rejection.js';

const pki = createTestPki();
const findQuery = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' } as const;
const parking = { sub_mchid: '1900000109', brandid: 1000, appid: 'wx931386123456789e', openid: 'o1', plate_number: '粤B888888', state: 'IN', time: '2022-06-01T10:43:39+08:00' };

let sandbox: Sandbox;
let wxpay: Root;
/** A port nothing listens on: connections to it are refused. */
let refused: string;

/** A free loopback port, closed again: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(typeof address === 'object' && address !== null);
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

before(async () => {
  sandbox = await Sandbox.start({ pki });
  wxpay = Builder.factory(sandbox.clientConfig());
  refused = `http://127.0.0.1:${String(await closedPort())}/`;
});
after(async () => {
  await sandbox.close();
  await wxpay.getDriver().close();
});

/** The `nonce_str` of an APIv3 request's Authorization. */
function nonceOf(authorization: unknown): string | undefined {
  return /nonce_str="([^"]+)"/.exec(String(authorization))?.[1];
}

describe('failover to the backup domain', () => {
  it('defaults: the main domain fails over to api2, any other base_uri to nothing; backup_uri false turns it off', () => {
    const main = Builder.factory({ ...sandbox.clientConfig(), base_uri: 'https://api.mch.weixin.qq.com/' });
    assert.equal(main.getDriver().failover?.state.backup, 'https://api2.mch.weixin.qq.com/');
    assert.equal(Builder.factory({ ...sandbox.clientConfig(), base_uri: 'https://api.mch.weixin.qq.com/', backup_uri: false }).getDriver().failover, undefined);
    assert.equal(wxpay.getDriver().failover, undefined);
    assert.throws(() => Builder.factory({ ...sandbox.clientConfig(), backup_uri: 'ftp://x/' }), ConfigError);
  });

  it('a POST the primary refused to connect goes to the backup at once: exactly one request, correctly signed', async () => {
    sandbox.reset();
    const client = Builder.factory({ ...sandbox.clientConfig(), base_uri: refused, backup_uri: sandbox.url });
    try {
      const res = await client.v3.businesscircle.parkings.post({ json: parking });
      assert.equal(res.status, 204);
      assert.equal(sandbox.requests.length, 1);
      assert.equal(sandbox.requests[0]?.authorized, true);
      assert.deepEqual(res.attempts.map((a) => [a.origin, a.sent, a.code ?? a.status]), [
        [new URL(refused).origin, false, 'ECONNREFUSED'],
        [new URL(sandbox.url).origin, true, 204],
      ]);
    } finally {
      await client.getDriver().close();
    }
  });

  it("failover works through the caller's own dispatcher", async () => {
    sandbox.reset();
    const dispatcher = new Agent();
    const client = Builder.factory({ ...sandbox.clientConfig(), base_uri: refused, backup_uri: sandbox.url, dispatcher });
    try {
      const res = await client.v3.vehicle.parking.services.find.get({ query: findQuery });
      assert.equal(res.status, 200);
      assert.deepEqual(res.attempts.map((a) => a.sent), [false, true]);
      assert.equal(sandbox.requests.length, 1);
    } finally {
      await client.getDriver().close();
      await dispatcher.close();
    }
  });

  it('after repeated pre-send failures new calls go straight to the backup, then the primary is probed again', async () => {
    sandbox.reset();
    let now = 1_000_000;
    const client = Builder.factory({ ...sandbox.clientConfig(), base_uri: refused, backup_uri: false });
    const failover = new Failover(refused, sandbox.url, () => now);
    const pipeline = client.getDriver().select('v3');
    pipeline.remove('retry').unshift(retry({ retries: 2, failover }), 'retry');
    try {
      for (let i = 0; i < 3; i += 1) assert.equal((await client.v3.vehicle.parking.services.find.get({ query: findQuery })).attempts.length, 2);
      assert.ok(failover.cooling());
      const straight = await client.v3.vehicle.parking.services.find.get({ query: findQuery });
      assert.deepEqual(straight.attempts.map((a) => a.origin), [new URL(sandbox.url).origin]);
      now += 60_001;
      const probe = await client.v3.vehicle.parking.services.find.get({ query: findQuery });
      assert.deepEqual(probe.attempts.map((a) => a.origin), [new URL(refused).origin, new URL(sandbox.url).origin], 'the primary is tried again');
      assert.equal(sandbox.requests.length, 5);
    } finally {
      await client.getDriver().close();
    }
  });

  it('once the primary answers again, calls stay on it', () => {
    let now = 0;
    const failover = new Failover('http://a/', 'http://b/', () => now);
    for (let i = 0; i < 3; i += 1) failover.primaryFailed();
    assert.equal(failover.cooling(), true);
    now = 60_001;
    assert.equal(failover.cooling(), false);
    failover.primaryAnswered();
    assert.deepEqual(failover.state, { primary: 'http://a/', backup: 'http://b/', failures: 0, coolingUntil: 0 });
  });

  it('mutual TLS works through the backup: an APIv2 refund with security: true', async () => {
    sandbox.reset();
    const refusedTls = `https://127.0.0.1:${String(await closedPort())}/`;
    const client = Builder.factory({ ...sandbox.httpsClientConfig(), base_uri: refusedTls, backup_uri: sandbox.httpsUrl });
    try {
      const res = await untyped(client).v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true });
      assert.equal(res.toArray()['result_code'], 'SUCCESS');
      assert.equal(res.attempts.length, 2);
      assert.equal(sandbox.requests.length, 1);
    } finally {
      await client.getDriver().close();
    }
  });
});

describe('retries', () => {
  it('a GET is retried after a 500, each attempt signed anew', async () => {
    sandbox.reset();
    sandbox.fault('system-error');
    const res = await wxpay.v3.vehicle.parking.services.find.get({ query: findQuery });
    assert.equal(res.status, 200);
    assert.deepEqual(res.attempts.map((a) => a.status), [500, 200]);
    assert.equal(sandbox.requests.length, 2);
    assert.ok(sandbox.requests.every((r) => r.authorized));
    assert.notEqual(nonceOf(sandbox.requests[0]?.headers.authorization), nonceOf(sandbox.requests[1]?.headers.authorization));
  });

  it("a GET is retried after a 429, waiting as long as `Retry-After` says", async () => {
    sandbox.reset();
    sandbox.fault('rate-limited');
    const started = performance.now();
    const res = await wxpay.v3.vehicle.parking.services.find.get({ query: findQuery });
    assert.ok(performance.now() - started >= 1000);
    assert.deepEqual(res.attempts.map((a) => [a.status, a.wait]), [[429, 1000], [200, 0]]);
  });

  it('a POST is not retried without idempotent: true: the server sees exactly one request', async () => {
    sandbox.reset();
    sandbox.fault('system-error');
    const error = await rejectionOf(() => wxpay.v3.businesscircle.parkings.post({ json: parking }));
    assert.ok(error instanceof ServerError);
    assert.equal(sandbox.requests.length, 1);
    assert.equal(error.attempts?.length, 1);
  });

  it('a POST with idempotent: true is retried: the same body bytes, a new nonce and signature', async () => {
    sandbox.reset();
    sandbox.fault('system-error');
    const res = await wxpay.v3.businesscircle.parkings.post({ json: parking, idempotent: true });
    assert.equal(res.status, 204);
    const [first, second] = sandbox.requests;
    assert.ok(first !== undefined && second !== undefined);
    assert.deepEqual(first.body, second.body);
    assert.notEqual(nonceOf(first.headers.authorization), nonceOf(second.headers.authorization));
    assert.ok(second.authorized);
  });

  it('retries: 0 turns retrying off, per call or per client', async () => {
    sandbox.reset();
    sandbox.fault('system-error');
    assert.ok((await rejectionOf(() => wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, retries: 0 }))) instanceof ServerError);
    assert.equal(sandbox.requests.length, 1);
    const client = Builder.factory({ ...sandbox.clientConfig(), retries: 0 });
    try {
      sandbox.reset();
      sandbox.fault('rate-limited');
      assert.ok((await rejectionOf(() => client.v3.vehicle.parking.services.find.get({ query: findQuery }))) instanceof ClientError);
      assert.equal(sandbox.requests.length, 1);
    } finally {
      await client.getDriver().close();
    }
  });

  it('the deadline bounds the whole sequence: the last failure is reported with every attempt', async () => {
    sandbox.reset();
    sandbox.fault('system-error', Infinity);
    const started = performance.now();
    const error = await rejectionOf(() => wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, retries: 10, timeout: 1 }));
    const ms = performance.now() - started;
    assert.ok(error instanceof ServerError, String(error));
    assert.ok(ms < 1300, `settled after ${ms.toFixed(0)} ms`);
    assert.ok((error.attempts?.length ?? 0) >= 2);
    assert.equal(error.attempts?.length, sandbox.requests.length);
    sandbox.reset();
  });

  it('a request that never left is retried whatever its method; a verification failure is never retried', async () => {
    const client = Builder.factory({ ...sandbox.clientConfig(), base_uri: refused });
    try {
      const error = await rejectionOf(() => client.v3.businesscircle.parkings.post({ json: parking, retries: 1 }));
      assert.ok(error instanceof NetworkError && !error.sent);
      assert.equal(error.attempts?.length, 2);
    } finally {
      await client.getDriver().close();
    }
    sandbox.reset();
    sandbox.fault('bad-signature');
    await assert.rejects(wxpay.v3.vehicle.parking.services.find.get({ query: findQuery }), { name: 'SignatureMismatchError' });
    assert.equal(sandbox.requests.length, 1);
  });
});
