import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Builder, ConfigError, NetworkError, TimeoutError, WechatpayError, WechatpayRequest, type RequestOptions, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_TIMEOUT } from '../../lib/transport/limits.js';

const findQuery = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' } as const;

let sandbox: Sandbox;
let wxpay: Root;
/** A TCP listener that accepts connections and never says a word: a stalled TLS handshake for an https:// URL. */
let silent: Server;
const sockets = new Set<Socket>();
let silentUrl: string;

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  wxpay = Builder.factory(sandbox.clientConfig());
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  assert.ok(typeof address === 'object' && address !== null);
  silentUrl = `https://127.0.0.1:${String(address.port)}/`;
});
after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await sandbox.close();
  await wxpay.getDriver().close();
});

/** Runs `call`, and returns the error it failed with and how long it took, in milliseconds. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  assert.fail('the call should have failed');
}

/** Reads a stream to its end. */
async function drain(stream: AsyncIterable<unknown> | null): Promise<void> {
  assert.ok(stream !== null);
  for await (const chunk of stream) assert.ok(chunk !== undefined);
}

const find = (options: Record<string, unknown> = {}) => wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, ...options });

describe('deadlines', () => {
  it('every call has a deadline by default: 30 s overall, 10 s to connect, 30 s idle for streamed bodies', () => {
    assert.equal(DEFAULT_TIMEOUT, 30);
    assert.equal(DEFAULT_CONNECT_TIMEOUT, 10);
    assert.equal(DEFAULT_READ_TIMEOUT, 30);
    const transport = wxpay.getDriver().transport;
    const request = (options: RequestOptions) => new WechatpayRequest({ protocol: 'v3', method: 'GET', url: new URL(sandbox.url), options });
    assert.deepEqual(transport.settingsOf(request({})), { timeout: 30, connectTimeout: 10, readTimeout: 30, maxResponseSize: 4 * 1024 * 1024 });
    assert.equal(transport.settingsOf(request({ timeout: 0 })).timeout, null);
    assert.equal(transport.settingsOf(request({ timeout: Infinity })).timeout, null);
  });

  it('a server that never answers: TimeoutError at the `timeout`', async () => {
    sandbox.reset();
    sandbox.fault('hang');
    const { error, ms } = await failure(() => find({ timeout: 0.5 }));
    assert.ok(error instanceof TimeoutError, String(error));
    assert.match(error.message, /timed out after 0\.5s \(the `timeout` option\)/);
    assert.ok(ms >= 480 && ms < 1500, `settled after ${ms.toFixed(0)} ms`);
  });

  it('a server that drips its body one byte at a time: TimeoutError at the `timeout`, not when the body ends', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'drip', ms: 50 });
    const { error, ms } = await failure(() => find({ timeout: 0.6 }));
    assert.ok(error instanceof TimeoutError, String(error));
    assert.ok(ms < 1600, `settled after ${ms.toFixed(0)} ms`);
  });

  it('a server that floods `102 Processing`: TimeoutError at the `timeout`', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'flood-1xx', ms: 50 });
    const { error, ms } = await failure(() => find({ timeout: 0.5 }));
    assert.ok(error instanceof TimeoutError, String(error));
    assert.ok(ms < 1500, `settled after ${ms.toFixed(0)} ms`);
  });

  it('a stalled TLS handshake ends at the `timeout`, though `connect_timeout` is longer', async () => {
    const { error, ms } = await failure(() => find({ base_uri: silentUrl, timeout: 0.5, connect_timeout: 30 }));
    assert.ok(error instanceof TimeoutError, String(error));
    assert.match(error.message, /the `timeout` option/);
    assert.ok(ms < 1500, `settled after ${ms.toFixed(0)} ms`);
  });

  it('`connect_timeout` is precise and names itself; nothing was sent', async () => {
    const client = Builder.factory({ ...sandbox.clientConfig(), base_uri: silentUrl, connect_timeout: 0.3, retries: 0 });
    try {
      const { error, ms } = await failure(() => client.v3.vehicle.parking.services.find.get({ query: findQuery }));
      assert.ok(error instanceof TimeoutError, String(error));
      assert.match(error.message, /could not connect within 0\.3s \(the `connect_timeout` option\): nothing was sent/);
      assert.ok(ms >= 290 && ms < 1300, `settled after ${ms.toFixed(0)} ms`);
    } finally {
      await client.getDriver().close();
    }
  });

  it("the caller's `signal` ends a call stuck in connect at once (not at the connect deadline)", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const { error, ms } = await failure(() => find({ base_uri: silentUrl, signal: controller.signal }));
    assert.ok(error instanceof NetworkError && error.code === 'ABORT_ERR', String(error));
    assert.ok(ms < 1200, `settled after ${ms.toFixed(0)} ms`);
  });

  it('a signal already aborted fails at once, before anything is sent', async () => {
    sandbox.reset();
    const { error } = await failure(() => find({ signal: AbortSignal.abort() }));
    assert.ok(error instanceof NetworkError && error.code === 'ABORT_ERR');
    assert.equal(sandbox.requests.length, 0);
  });

  it('out-of-range deadlines are ConfigErrors naming the option', async () => {
    assert.throws(() => Builder.factory({ ...sandbox.clientConfig(), timeout: -1 }), (error: unknown) => error instanceof ConfigError && /`timeout` is in seconds/.test(error.message));
    assert.throws(() => Builder.factory({ ...sandbox.clientConfig(), connect_timeout: 0 }), ConfigError);
    const { error } = await failure(() => find({ read_timeout: 'soon' }));
    assert.ok(error instanceof ConfigError && /`read_timeout`/.test(error.message));
  });
});

describe('streamed bodies', () => {
  it('a body that keeps flowing outlives the overall `timeout`: only the idle limit applies once the headers are in', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'drip', ms: 5 });
    const res = await find({ stream: true, verify_signature: false, timeout: 0.3, read_timeout: 1 });
    const started = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of res.stream ?? []) chunks.push(chunk as Buffer);
    assert.ok(performance.now() - started > 300, 'the body took longer than the timeout');
    assert.ok(JSON.parse(Buffer.concat(chunks).toString()).service_state !== undefined);
  });

  it('a stalled body ends the stream with a TimeoutError naming `read_timeout`', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'drip', ms: 5000 });
    const res = await find({ stream: true, verify_signature: false, read_timeout: 0.4 });
    const { error, ms } = await failure(() => drain(res.stream));
    assert.ok(error instanceof TimeoutError, String(error));
    assert.ok(ms < 1400, `settled after ${ms.toFixed(0)} ms`);
    assert.match(error.message, /`read_timeout`/);
  });

  it('a reset in the middle of a streamed body is a NetworkError, not a raw socket error', async () => {
    sandbox.reset();
    sandbox.fault('reset-mid-answer');
    const res = await find({ stream: true, verify_signature: false });
    const { error } = await failure(() => drain(res.stream));
    assert.ok(error instanceof NetworkError, String(error));
    assert.ok(error instanceof WechatpayError);
  });

  it("the caller's signal ends a streamed body with a typed error", async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'drip', ms: 100 });
    const controller = new AbortController();
    const res = await find({ stream: true, verify_signature: false, signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const { error } = await failure(() => drain(res.stream));
    assert.ok(error instanceof NetworkError && error.code === 'ABORT_ERR', String(error));
  });
});

describe('resets', () => {
  it('a reset before the answer is a NetworkError', async () => {
    sandbox.reset();
    sandbox.fault('reset-before-answer');
    const { error } = await failure(() => find({ retries: 0 }));
    assert.ok(error instanceof NetworkError && !(error instanceof TimeoutError), String(error));
  });

  it('a reset in the middle of a buffered answer is a NetworkError', async () => {
    sandbox.reset();
    sandbox.fault('reset-mid-answer');
    const { error } = await failure(() => find({ retries: 0 }));
    assert.ok(error instanceof NetworkError, String(error));
  });
});
