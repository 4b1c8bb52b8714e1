import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { BodyTooLargeError, Builder, ClientError, SignatureMismatchError, WechatpayResponse, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { seed002 } from '../helpers/v2.js';
import { untyped } from '../helpers/untyped.js';
import { rejectionOf } from '../helpers/rejection.js';

const findQuery = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' } as const;
const MiB = 1024 * 1024;

let sandbox: Sandbox;
let wxpay: Root;
/** Answers every request with a 12 KB `Wechatpay-Signature` (and the other headers), as a hostile server might. */
let hostile: Server;
let hostileUrl: string;

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  wxpay = Builder.factory(sandbox.clientConfig());
  hostile = createServer((_, response) => {
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Wechatpay-Nonce': 'n'.repeat(500),
      'Wechatpay-Serial': sandbox.clientConfig().certs ? Object.keys(sandbox.clientConfig().certs)[0] : '',
      'Wechatpay-Signature': 's'.repeat(12_000),
      'Wechatpay-Timestamp': String(Math.floor(Date.now() / 1000)),
    });
    response.end('{}');
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  const address = hostile.address();
  assert.ok(typeof address === 'object' && address !== null);
  hostileUrl = `http://127.0.0.1:${String(address.port)}/`;
});
after(async () => {
  await new Promise((resolve) => hostile.close(resolve));
  await sandbox.close();
  await wxpay.getDriver().close();
});

const find = (options: Record<string, unknown> = {}) => wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, ...options });

describe('bounded answers', () => {
  it('an answer larger than 4 MiB is refused by its Content-Length, before its body is read', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'oversized', bytes: 5 * MiB });
    const error = await rejectionOf(() => find());
    assert.ok(error instanceof BodyTooLargeError, String(error));
    assert.equal(error.limit, 4 * MiB);
    assert.equal(error.setting, 'max_response_size');
    assert.equal(error.size, 5 * MiB);
    assert.match(error.message, /larger than 4194304 bytes .*`max_response_size`/);
  });

  it('`max_response_size` raises the limit for one call: the large signed answer is read and verified', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'oversized', bytes: 5 * MiB });
    const res = await find({ max_response_size: 6 * MiB });
    assert.equal(res.body?.length, 5 * MiB);
  });

  it('an endless body is cut at the limit, and memory stays flat', async () => {
    sandbox.reset();
    sandbox.fault('endless', 5);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 5; i += 1) {
      const error = await rejectionOf(() => find({ max_response_size: 2 * MiB }));
      assert.ok(error instanceof BodyTooLargeError, String(error));
      assert.ok(error.size > 2 * MiB && error.size < 3 * MiB, `counted ${String(error.size)} bytes`);
    }
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 2 * MiB + 48 * MiB, `RSS grew by ${(grown / MiB).toFixed(1)} MiB`);
  });

  it('`stream: true` on a signed path is verified whole, so it is bounded too', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'oversized', bytes: 64 * 1024 });
    const error = await rejectionOf(() => find({ stream: true, max_response_size: 16 * 1024 }));
    assert.ok(error instanceof BodyTooLargeError, String(error));
    assert.equal(error.limit, 16 * 1024);
  });

  it('APIv2 answers are bounded at 256 KiB by default, where XML parsing stays well under 100 ms', async () => {
    sandbox.reset();
    sandbox.fault({ kind: 'oversized', bytes: 300 * 1024 });
    const error = await rejectionOf(() => untyped(wxpay).v2.vehicle.pay.notification.post({ xml: seed002(sandbox.mchid) }));
    assert.ok(error instanceof BodyTooLargeError, String(error));
    assert.equal(error.limit, 256 * 1024);
  });

  it('a client-wide `max_response_size` applies to every call; bad values are refused', async () => {
    const client = Builder.factory({ ...sandbox.clientConfig(), max_response_size: 1024 });
    try {
      sandbox.reset();
      sandbox.fault({ kind: 'oversized', bytes: 2048 });
      const error = await rejectionOf(() => client.v3.vehicle.parking.services.find.get({ query: findQuery }));
      assert.ok(error instanceof BodyTooLargeError && error.limit === 1024);
    } finally {
      await client.getDriver().close();
    }
    assert.throws(() => Builder.factory({ ...sandbox.clientConfig(), max_response_size: 1.5 }), /max_response_size/);
  });
});

describe('JSON-safe, bounded errors', () => {
  it('JSON.stringify of an error carrying a 5 MB answer is small and quick', () => {
    const response = new WechatpayResponse({ status: 400, headers: { 'request-id': 'r1' }, body: Buffer.alloc(5_000_000, 'x') });
    const error = new ClientError(response, { method: 'GET', url: 'https://api.mch.weixin.qq.com/v3/x', headers: {} });
    const started = performance.now();
    const text = JSON.stringify(error);
    const ms = performance.now() - started;
    assert.ok(text.length < 4000, `${String(text.length)} characters`);
    assert.ok(ms < 50, `${ms.toFixed(1)} ms`);
    const parsed = JSON.parse(text) as { name: string; status: number; response: { body: string } };
    assert.equal(parsed.name, 'ClientError');
    assert.equal(parsed.status, 400);
    assert.equal(parsed.response.body, '[5000000 bytes]');
  });

  it('server-controlled header text is clipped in messages: a 12 KB signature gives a short message', async () => {
    const error = await rejectionOf(() => wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, base_uri: hostileUrl }));
    assert.ok(error instanceof SignatureMismatchError, String(error));
    assert.ok(error.message.length < 1000, `${String(error.message.length)} characters`);
    assert.match(error.message, /12000 characters/);
    assert.ok(JSON.stringify(error).length < 8000);
  });
});
