import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Builder, ConfigError, CryptoError, Rsa, SigningScheduler, defaultSigningThreads, threadpoolSize, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const message = 'POST\n/v3/marketing/busifavor/callbacks\n1700000000\nNONCE\n{"mchid":"1900000001"}\n';

/** A `send` that stays pending until released, so the call it belongs to stays in flight. */
function pendingSend() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const signatures: string[] = [];
  const send = async (signature: string) => {
    signatures.push(signature);
    await released;
    return signature;
  };
  return { send, release, signatures };
}

describe('SigningScheduler: where a request signature is computed', () => {
  it('signs on the event loop when nothing else is in flight', async () => {
    const scheduler = new SigningScheduler(3);
    const signature = await scheduler.run(message, privateKey, (s) => Promise.resolve(s));
    assert.equal(signature, Rsa.sign(message, privateKey));
    assert.equal(Rsa.verify(message, signature, publicKey), true);
    assert.deepEqual(scheduler.stats, { inFlight: 0, inThreadpool: 0, waiting: 0, offloaded: 0, onEventLoop: 1 });
  });

  it('signs in the threadpool while another call is in flight, and the signature is the same', async () => {
    const scheduler = new SigningScheduler(3);
    const first = pendingSend();
    const pending = scheduler.run(message, privateKey, first.send);
    assert.equal(scheduler.stats.inFlight, 1);
    const second = scheduler.run(message, privateKey, (s) => Promise.resolve(s));
    assert.deepEqual(scheduler.stats, { inFlight: 2, inThreadpool: 1, waiting: 0, offloaded: 1, onEventLoop: 1 });
    assert.equal(await second, Rsa.sign(message, privateKey));
    first.release();
    assert.equal(await pending, first.signatures[0]);
    assert.deepEqual(scheduler.stats, { inFlight: 0, inThreadpool: 0, waiting: 0, offloaded: 1, onEventLoop: 1 });
  });

  it('once `limit` signatures run in the threadpool, the next ones wait their turn there, in order', async () => {
    const scheduler = new SigningScheduler(1);
    const first = pendingSend();
    const calls = [scheduler.run(message, privateKey, first.send)]; // nothing in flight: on the event loop
    const order: number[] = [];
    const later = (n: number) => (signature: string) => {
      order.push(n);
      return first.send(signature);
    };
    calls.push(scheduler.run(message, privateKey, later(2))); // the one threadpool slot
    calls.push(scheduler.run(message, privateKey, later(3))); // waits for it
    calls.push(scheduler.run(message, privateKey, later(4)));
    assert.deepEqual(scheduler.stats, { inFlight: 4, inThreadpool: 1, waiting: 2, offloaded: 3, onEventLoop: 1 });
    for (let waited = 0; order.length < 3 && waited < 400; waited++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(order, [2, 3, 4]);
    assert.deepEqual(scheduler.stats, { inFlight: 4, inThreadpool: 0, waiting: 0, offloaded: 3, onEventLoop: 1 });
    first.release();
    const signatures = await Promise.all(calls);
    assert.deepEqual(signatures, Array(4).fill(Rsa.sign(message, privateKey)));
    assert.equal(scheduler.stats.inFlight, 0);
  });

  it('limit 0 keeps every signature on the event loop', async () => {
    const scheduler = new SigningScheduler(0);
    const first = pendingSend();
    const calls = [1, 2, 3].map(() => scheduler.run(message, privateKey, first.send));
    assert.deepEqual(scheduler.stats, { inFlight: 3, inThreadpool: 0, waiting: 0, offloaded: 0, onEventLoop: 3 });
    first.release();
    await Promise.all(calls);
  });

  it('a key that cannot sign rejects with Rsa.sign’s CryptoError on both paths, sends nothing and frees its slot', async () => {
    const scheduler = new SigningScheduler(2);
    const publicOnly = createPublicKey(privateKey);
    let sent = 0;
    const send = (s: string) => {
      sent += 1;
      return Promise.resolve(s);
    };
    const syncFailure = await scheduler.run(message, publicOnly, send).catch((error: unknown) => error);
    const holder = pendingSend();
    const held = scheduler.run(message, privateKey, holder.send);
    const asyncFailure = await scheduler.run(message, publicOnly, send).catch((error: unknown) => error);
    holder.release();
    await held;
    for (const failure of [syncFailure, asyncFailure]) {
      assert.ok(failure instanceof CryptoError);
      assert.match(failure.message, /^Signing the input message failed/);
    }
    assert.equal(sent, 0);
    assert.deepEqual(scheduler.stats, { inFlight: 0, inThreadpool: 0, waiting: 0, offloaded: 1, onEventLoop: 2 });
  });

  it('a failing send frees the call', async () => {
    const scheduler = new SigningScheduler(2);
    await assert.rejects(scheduler.run(message, privateKey, () => Promise.reject(new Error('network down'))), /network down/);
    assert.equal(scheduler.stats.inFlight, 0);
  });

  it('refuses a limit that is not a whole number ≥ 0, naming the setting', () => {
    for (const limit of [-1, 1.5, Number.NaN, '2' as unknown as number]) {
      assert.throws(() => new SigningScheduler(limit), (error: unknown) => error instanceof ConfigError && /`offload_signing` takes true, false or how many/.test(error.message));
    }
  });

  it('defaults to libuv’s threadpool size minus one (UV_THREADPOOL_SIZE, default 4), at least 1', () => {
    assert.equal(threadpoolSize({}), 4);
    assert.equal(threadpoolSize({ UV_THREADPOOL_SIZE: '16' }), 16);
    assert.equal(threadpoolSize({ UV_THREADPOOL_SIZE: 'lots' }), 4);
    assert.equal(threadpoolSize({ UV_THREADPOOL_SIZE: '0' }), 4);
    assert.equal(defaultSigningThreads({}), 3);
    assert.equal(defaultSigningThreads({ UV_THREADPOOL_SIZE: '1' }), 1);
    assert.equal(defaultSigningThreads({ UV_THREADPOOL_SIZE: '8' }), 7);
    assert.equal(SigningScheduler.shared.limit, defaultSigningThreads());
  });
});

describe('offload_signing: clients against the sandbox', () => {
  const pki = createTestPki();
  let sandbox: Sandbox;
  const clients: Root[] = [];
  const client = (offload_signing?: boolean | number) => {
    const wxpay = Builder.factory({ ...sandbox.clientConfig(), ...(offload_signing === undefined ? {} : { offload_signing }) });
    clients.push(wxpay);
    return wxpay;
  };
  const body = { mchid: '', notify_url: 'https://pay.example.com/wechatpay/busifavor/notify' };
  const burst = async (wxpay: Root, count: number) => {
    const answers = await Promise.all(Array.from({ length: count }, () => wxpay.chain('v3/marketing/busifavor/callbacks').post({ json: { ...body, mchid: sandbox.mchid } })));
    return answers.map((answer) => answer.getStatusCode());
  };

  before(async () => {
    sandbox = await Sandbox.start({ pki });
  });
  after(async () => {
    await Promise.all(clients.map((wxpay) => wxpay.getDriver().close()));
    await sandbox.close();
  });

  it('a burst of concurrent calls signs all but the first in the threadpool, and the sandbox accepts every signature', async () => {
    sandbox.reset();
    const wxpay = client(2);
    const scheduler = wxpay.getDriver().signing;
    assert.notEqual(scheduler, SigningScheduler.shared);
    assert.deepEqual(await burst(wxpay, 12), Array(12).fill(200));
    // the first call finds nothing in flight; the eleven sent while it is in flight are signed in the threadpool
    assert.deepEqual(scheduler.stats, { inFlight: 0, inThreadpool: 0, waiting: 0, offloaded: 11, onEventLoop: 1 });
    assert.equal(sandbox.requests.length, 12);
    assert.ok(sandbox.requests.every((request) => request.authorized), JSON.stringify(sandbox.requests.map((r) => r.authError)));
  });

  it('one call at a time signs on the event loop', async () => {
    const wxpay = client(3);
    for (let i = 0; i < 3; i++) assert.deepEqual(await burst(wxpay, 1), [200]);
    assert.deepEqual(wxpay.getDriver().signing.stats, { inFlight: 0, inThreadpool: 0, waiting: 0, offloaded: 0, onEventLoop: 3 });
  });

  it('`offload_signing: false` signs every request on the event loop', async () => {
    const wxpay = client(false);
    assert.deepEqual(await burst(wxpay, 8), Array(8).fill(200));
    assert.deepEqual(wxpay.getDriver().signing.stats, { inFlight: 0, inThreadpool: 0, waiting: 0, offloaded: 0, onEventLoop: 8 });
  });

  it('by default every client shares the process-wide scheduler', () => {
    assert.equal(client().getDriver().signing, SigningScheduler.shared);
    assert.equal(client(true).getDriver().signing, SigningScheduler.shared);
  });

  it('a bad setting is a ConfigError when the client is built', () => {
    assert.throws(() => client(-1), (error: unknown) => error instanceof ConfigError && error.setting === 'offload_signing');
  });
});
