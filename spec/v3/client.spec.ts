import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Agent, buildConnector } from 'undici';
import {
  AsyncResult,
  Builder,
  ClientError,
  ConfigError,
  HttpError,
  NetworkError,
  ServerError,
  SignatureMismatchError,
  TemplateError,
  TimeoutError,
  userAgent,
  UnknownSerialError,
  VERSION,
  VerificationError,
  type Root,
} from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { createTestPki } from '../../lib/sandbox/pki/index.js';
import { VERIFICATION_FAULTS } from '../helpers/assertions.js';

const pki = createTestPki();
const appid = 'wx931386123456789e';
const openid = 'oUpF8uMuAJOM2pxb1Q';
const parking = { sub_mchid: '1900000109', brandid: 1000, appid, openid, plate_number: '粤B888888', state: 'IN', time: '2022-06-01T10:43:39+08:00' };
const findQuery = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE' as const, openid };

let sandbox: Sandbox;
let wxpay: Root;

before(async () => {
  sandbox = await Sandbox.start({ pki });
  wxpay = Builder.factory(sandbox.clientConfig());
});
after(async () => {
  await sandbox.close();
  await wxpay.getDriver().close();
});

function fresh() {
  sandbox.reset();
}

describe('the seed APIv3 calls against the sandbox', () => {
  it('商圈会员停车状态同步: property chain, chain() + postAsync().then().wait(), bracket path', async () => {
    fresh();
    const res = await wxpay.v3.businesscircle.parkings.post({ json: parking });
    assert.equal(res.getStatusCode(), 204);
    const viaChain = wxpay.chain('v3/businesscircle/parkings').postAsync({ json: parking }).then((r) => r.getStatusCode() === 204);
    assert.ok(viaChain instanceof AsyncResult);
    assert.equal(await viaChain.wait(), true);
    assert.equal((await wxpay['v3/businesscircle/parkings'].post({ json: parking })).status, 204);
    assert.equal((await wxpay['v3/businesscircle/parkings'].postAsync({ json: parking }).then((r) => r.status).wait()), 204);
    assert.equal(sandbox.requests.length, 4);
    for (const seen of sandbox.requests) {
      assert.equal(seen.authorized, true, seen.authError);
      assert.equal(seen.method, 'POST');
      assert.equal(seen.target, '/v3/businesscircle/parkings');
      assert.equal(seen.text, JSON.stringify(parking));
      assert.equal(seen.headers['content-type'], 'application/json');
    }
  });

  it('查询车牌服务开通信息: GET with a Chinese query value, signed as sent', async () => {
    fresh();
    const res = await wxpay.v3.vehicle.parking.services.find.get({ query: findQuery });
    const body = res.json<Record<string, string>>();
    assert.equal(body.plate_number, '粤B888888');
    assert.equal(body.plate_color, 'BLUE');
    assert.equal(body.openid, openid);
    assert.equal(body.service_state, 'NORMAL');
    assert.equal(
      sandbox.lastRequest()?.target,
      '/v3/vehicle/parking/services/find?appid=wxcbda96de0b165486&sub_mchid=1900000109&plate_number=%E7%B2%A4B888888&plate_color=BLUE&openid=oUpF8uMuAJOM2pxb1Q',
    );
    assert.equal(sandbox.lastRequest()?.authorized, true);
  });

  it('设置商家券事件通知地址: JSON in, JSON out', async () => {
    const res = await wxpay.v3.marketing.busifavor.callbacks.post({ json: { mchid: '10000098', notify_url: 'https://example.com/notify' } });
    const body = res.json<{ mchid: string; notify_url: string; update_time: string }>();
    assert.equal(body.mchid, '10000098');
    assert.equal(body.notify_url, 'https://example.com/notify');
    assert.match(body.update_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  });

  it('智慧商圈 calls with placeholders: _openid_, {openid}, points/notify', async () => {
    fresh();
    const auth = await wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid, query: { appid } });
    assert.equal(auth.json<{ openid: string }>().openid, openid);
    const status = await wxpay.v3.businesscircle.users['{openid}'].points.commit_status.get({ openid, query: { brandid: 1000, appid } });
    assert.equal(status.json<{ brandid: number }>().brandid, 1000);
    const notify = await wxpay.chain('v3/businesscircle/points/notify' as string).post({
      json: { sub_mchid: '1900000109', brandid: 1000, transaction_id: '4200000000000000000000000001', appid, openid, earn_points: true, increased_points: 100, points_update_time: '2022-06-01T10:43:39+08:00' },
    });
    assert.equal(notify.status, 204);
    assert.deepEqual(sandbox.requests.map((r) => r.target), [
      `/v3/businesscircle/user-authorizations/${openid}?appid=${appid}`,
      `/v3/businesscircle/users/${openid}/points/commit_status?brandid=1000&appid=${appid}`,
      '/v3/businesscircle/points/notify',
    ]);
  });
});

describe('placeholders and query on the wire', () => {
  it('percent-encodes placeholder values, so a value cannot add path segments', async () => {
    fresh();
    await wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o/../x y%2F', query: { appid } });
    assert.equal(sandbox.lastRequest()?.target, `/v3/businesscircle/user-authorizations/o%2F..%2Fx%20y%252F?appid=${appid}`);
    assert.equal(sandbox.lastRequest()?.authorized, true);
  });

  it('{+x} keeps reserved characters and %XX triplets', async () => {
    fresh();
    await wxpay.chain('{+base}/user-authorizations/{openid}').get({ base: 'v3/businesscircle', openid: 'o%2Fx', query: { appid } });
    assert.equal(sandbox.lastRequest()?.target, `/v3/businesscircle/user-authorizations/o%252Fx?appid=${appid}`);
    await wxpay.chain('v3/businesscircle/user-authorizations/{+openid}').get({ openid: 'o%2Fx', query: { appid } });
    assert.equal(sandbox.lastRequest()?.target, `/v3/businesscircle/user-authorizations/o%2Fx?appid=${appid}`);
  });

  it('a missing variable is a TemplateError and nothing is sent', async () => {
    fresh();
    await assert.rejects(wxpay.chain('v3/businesscircle/user-authorizations/{openid}' as string).get({ query: { appid } }), (e: unknown) => e instanceof TemplateError && e.variable === 'openid');
    assert.equal(sandbox.requests.length, 0);
  });

  it('query replaces a query already in the path', async () => {
    fresh();
    await wxpay.chain('v3/vehicle/parking/services/find?ignored=1').get({ query: findQuery });
    assert.doesNotMatch(sandbox.lastRequest()?.target ?? '', /ignored/);
  });
});

describe('signing', () => {
  it('sets Authorization in the documented shape, overwriting a caller value', async () => {
    fresh();
    await wxpay.v3.marketing.busifavor.callbacks.post({ json: { notify_url: 'https://example.com/notify' }, headers: { Authorization: 'mine' } });
    const header = String(sandbox.lastRequest()?.headers.authorization);
    assert.match(
      header,
      /^WECHATPAY2-SHA256-RSA2048 mchid="[0-9A-Za-z]{1,32}",serial_no="[0-9A-Za-z]{8,40}",timestamp="1[0-9]{9}",nonce_str="[0-9A-Za-z]{16,}",signature="[0-9A-Za-z+/]+={0,2}"$/,
    );
    assert.equal(sandbox.lastRequest()?.authorized, true);
  });

  it('the sandbox catches a client that sends other bytes than it signed', async () => {
    const client = Builder.factory(sandbox.clientConfig());
    client.getDriver().select('v3').after('signer', async (request, next) => {
      request.body = JSON.stringify({ ...parking, state: 'OUT' });
      return next(request);
    }, 'tamper');
    await assert.rejects(client.v3.businesscircle.parkings.post({ json: parking }), (e: unknown) => e instanceof ClientError && e.status === 401 && e.code === 'SIGN_ERROR');
    assert.equal(sandbox.lastRequest()?.authorized, false);
  });

  it('sends the default Accept and User-Agent headers', async () => {
    await wxpay.v3.vehicle.parking.services.find.get({ query: findQuery });
    const headers = sandbox.lastRequest()?.headers ?? {};
    assert.equal(headers.accept, 'application/json, text/plain, application/x-gzip, application/pdf, image/png, image/*;q=0.5');
    assert.equal(headers['user-agent'], userAgent());
    assert.match(userAgent(), new RegExp(`^wechatpay-ts/${VERSION.replace(/\./g, '\\.')} undici/7\\.\\d+\\.\\d+ \\([A-Za-z]+/[^)]+\\) Node/${process.versions.node}$`));
  });

  it('client headers and request headers are sent (case-insensitively merged)', async () => {
    const client = Builder.factory({ ...sandbox.clientConfig(), headers: { 'X-Client': 'a', Accept: 'application/json' } });
    await client.v3.vehicle.parking.services.find.get({ query: findQuery, headers: { 'x-request': 'b' } });
    const headers = sandbox.lastRequest()?.headers ?? {};
    assert.equal(headers['x-client'], 'a');
    assert.equal(headers['x-request'], 'b');
    assert.equal(headers.accept, 'application/json');
  });
});

describe('verification failures, one error class each', () => {
  const call = () => wxpay.v3.marketing.busifavor.callbacks.post({ json: { notify_url: 'https://example.com/notify' } });
  for (const [fault, kind] of VERIFICATION_FAULTS) {
    it(`${JSON.stringify(fault)} → ${kind.name}`, async () => {
      sandbox.fault(fault);
      await assert.rejects(call(), (e: unknown) => e instanceof kind && e instanceof VerificationError && e.response.status === 200 && e.requestId !== undefined);
      assert.equal((await call()).status, 200, 'the fault lasts one answer');
    });
  }

  it('several keys at once (a public-key switch), and runtime changes to certs', async () => {
    const config = sandbox.clientConfig();
    const other = createTestPki().platform.key;
    const client = Builder.factory({ ...config, certs: { PUB_KEY_ID_0114232134912410000000000099: other, ...config.certs } });
    assert.equal((await client.v3.vehicle.parking.services.find.get({ query: findQuery })).status, 200);
    const certs = client.getDriver().certs;
    const key = certs.get(sandbox.platformSerial)!;
    certs.delete(sandbox.platformSerial);
    await assert.rejects(client.v3.vehicle.parking.services.find.get({ query: findQuery }), UnknownSerialError);
    certs.set(sandbox.platformSerial, key);
    assert.equal((await client.v3.vehicle.parking.services.find.get({ query: findQuery })).status, 200);
  });

  it('verify_signature: false skips the check for one request', async () => {
    sandbox.fault('bad-signature');
    assert.equal((await wxpay.v3.marketing.busifavor.callbacks.post({ json: { notify_url: 'https://example.com/notify' }, verify_signature: false })).status, 200);
  });

  it('certificate mode: answers verify against the platform certificate', async () => {
    const certified = await Sandbox.start({ pki, mode: 'certificate' });
    try {
      const config = certified.clientConfig();
      assert.equal(certified.platformSerial, pki.platform.serial);
      assert.match(config.certs[certified.platformSerial] as string, /BEGIN CERTIFICATE/);
      const client = Builder.factory(config);
      assert.equal((await client.v3.vehicle.parking.services.find.get({ query: findQuery })).status, 200);
    } finally {
      await certified.close();
    }
  });
});

describe('HTTP errors', () => {
  it('a 400 is a ClientError carrying status, code, message, Request-ID and the response', async () => {
    try {
      await wxpay.chain('v3/businesscircle/parkings' as string).post({ json: { ...parking, brandid: undefined } });
      assert.fail('should reject');
    } catch (error) {
      assert.ok(error instanceof ClientError && error instanceof HttpError);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'PARAM_ERROR');
      assert.equal(error.wechatMessage, '业务必填字段brand_id为空');
      assert.ok(error.requestId !== undefined && error.requestId !== '');
      assert.equal(error.response.status, 400);
      assert.equal(error.request.method, 'POST');
      assert.match(error.message, /^400 PARAM_ERROR: 业务必填字段brand_id为空 \(POST \/v3\/businesscircle\/parkings, Request-ID .+\)$/);
    }
  });

  it('every seed validation rule surfaces as WeChat Pay words it', async () => {
    const expectations: [Record<string, unknown>, string][] = [
      [{ ...parking, plate_number: 'B888888' }, 'plate_number格式有误'],
      [{ ...parking, time: '2022/06/01 10:43' }, 'time格式有误'],
      [{ ...parking, time: '2099-01-01T00:00:00+08:00' }, 'time超出取值范围'],
      [{ ...parking, openid: undefined }, '业务必填字段OpenID为空'],
    ];
    for (const [json, message] of expectations) {
      await assert.rejects(wxpay.chain('v3/businesscircle/parkings' as string).post({ json }), (e: unknown) => e instanceof ClientError && e.wechatMessage === message);
    }
  });

  it('a 500 is a ServerError (once retries are spent; see spec/resilience)', async () => {
    sandbox.fault('system-error');
    await assert.rejects(wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, retries: 0 }), (e: unknown) => e instanceof ServerError && e.status === 500 && e.code === 'SYSTEM_ERROR');
  });

  it('429 above the rate limit', async () => {
    const limited = await Sandbox.start({ pki, rateLimit: 1 });
    try {
      const client = Builder.factory(limited.clientConfig());
      await client.v3.vehicle.parking.services.find.get({ query: findQuery });
      await assert.rejects(client.v3.vehicle.parking.services.find.get({ query: findQuery, retries: 0 }), (e: unknown) => e instanceof ClientError && e.status === 429 && e.code === 'RATELIMIT_EXCEEDED');
    } finally {
      await limited.close();
    }
  });

  it('http_errors: false resolves a 4xx, and still verifies it', async () => {
    const res = await wxpay.chain('v3/businesscircle/parkings' as string).post({ json: {}, http_errors: false });
    assert.equal(res.status, 400);
    assert.equal(res.json<{ code: string }>().code, 'PARAM_ERROR');
    sandbox.fault('bad-signature');
    await assert.rejects(wxpay.chain('v3/businesscircle/parkings' as string).post({ json: {}, http_errors: false }), SignatureMismatchError);
    const lenient = Builder.factory({ ...sandbox.clientConfig(), http_errors: false });
    assert.equal((await lenient.chain('v3/businesscircle/parkings' as string).post({ json: {} })).status, 400);
  });

  it('no error shows the private key or the request signature', async () => {
    const error = await wxpay.chain('v3/businesscircle/parkings' as string).post({ json: {} }).catch((e: unknown) => e);
    assert.ok(error instanceof ClientError);
    const signature = /signature="([^"]+)"/.exec(String(sandbox.lastRequest()?.headers.authorization))?.[1];
    assert.ok(signature !== undefined && signature.length > 100);
    const printed = [inspect(error, { depth: 10 }), JSON.stringify(error), String(error), error.stack ?? '', inspect(error.request)].join('\n');
    assert.equal(printed.includes(signature), false);
    assert.doesNotMatch(printed, /PRIVATE KEY/);
    assert.match(error.request.headers.authorization ?? '', /signature="\[REDACTED\]"/);
  });
});

describe('transport', () => {
  it('timeout (seconds) rejects with a TimeoutError', async () => {
    sandbox.fault({ kind: 'delay', ms: 1_500 });
    const started = Date.now();
    await assert.rejects(wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, timeout: 0.2 }), (e: unknown) => e instanceof TimeoutError && e.code === 'ETIMEDOUT');
    assert.ok(Date.now() - started < 1_200);
    sandbox.reset();
  });

  it('an aborted signal rejects with a NetworkError', async () => {
    sandbox.fault({ kind: 'delay', ms: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, signal: controller.signal }), (e: unknown) => e instanceof NetworkError && e.code === 'ABORT_ERR');
    sandbox.reset();
  });

  it('a refused connection is a NetworkError with its code', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = server.address() as { port: number };
        server.close(() => resolve(p));
      });
    });
    const client = Builder.factory({ ...sandbox.clientConfig(), base_uri: `http://127.0.0.1:${port}/` });
    await assert.rejects(client.v3.x.get(), (e: unknown) => e instanceof NetworkError && e.code === 'ECONNREFUSED' && /GET http:\/\/127\.0\.0\.1:\d+\/v3\/x failed/.test(e.message));
  });

  it('base_uri per request, and an absolute path replacing the base path', async () => {
    const other = await Sandbox.start({ pki });
    try {
      await wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, base_uri: other.url });
      assert.equal(other.requests.length, 1);
      assert.equal(other.lastRequest()?.authorized, true);
      const prefixed = Builder.factory({ ...sandbox.clientConfig(), base_uri: `${sandbox.url}hk/` });
      fresh();
      await prefixed.chain('/v3/vehicle/parking/services/find').get({ query: findQuery });
      assert.match(sandbox.lastRequest()?.target ?? '', /^\/v3\/vehicle/);
      await prefixed.v3.vehicle.parking.services.find.get({ query: findQuery, http_errors: false });
      assert.match(sandbox.lastRequest()?.target ?? '', /^\/hk\/v3\/vehicle/, 'a base path is part of the target (and of what is signed)');
      assert.equal(sandbox.lastRequest()?.authorized, true);
    } finally {
      await other.close();
    }
  });

  it('a caller dispatcher is used (per client and per request)', async () => {
    let connections = 0;
    const connector = buildConnector({});
    const dispatcher = new Agent({
      connect: (options, callback) => {
        connections++;
        connector(options, callback);
      },
    });
    try {
      const client = Builder.factory({ ...sandbox.clientConfig(), dispatcher });
      await client.v3.vehicle.parking.services.find.get({ query: findQuery });
      assert.equal(connections, 1);
      await wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, dispatcher, base_uri: sandbox.url.replace('127.0.0.1', 'localhost') });
      assert.equal(connections, 2);
    } finally {
      await dispatcher.close();
    }
  });

  it('stream: true hands over a Readable of the verified bytes', async () => {
    const res = await wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, stream: true });
    assert.ok(res.stream instanceof Readable);
    assert.equal(res.body, null);
    const chunks: Buffer[] = [];
    for await (const chunk of res.stream) chunks.push(chunk as Buffer);
    assert.equal(JSON.parse(Buffer.concat(chunks).toString()).plate_number, '粤B888888');
    sandbox.fault('bad-signature');
    await assert.rejects(wxpay.v3.vehicle.parking.services.find.get({ query: findQuery, stream: true }), SignatureMismatchError);
  });
});

describe('the driver', () => {
  it('exposes both pipelines by name (the sandbox config has a secret); a client without one has no APIv2', () => {
    assert.deepEqual(wxpay.getDriver().select('v3').names(), ['retry', 'verifier', 'http_errors', 'signer']);
    assert.equal(wxpay.getDriver().select(), wxpay.getDriver().select('v3'));
    assert.deepEqual(wxpay.getDriver().select('V2').names(), ['retry', 'transform_response', 'http_errors', 'transform_request']);
    assert.throws(() => Builder.factory({ ...sandbox.clientConfig(), secret: undefined }).getDriver().select('v2'), (e: unknown) => e instanceof ConfigError && e.setting === 'secret');
  });

  it('v2/ paths route to APIv2 (case-insensitively, also from a template); /v2/ stays APIv3', async () => {
    const xml = { appid: 'wxcbda96de0b165486', mch_id: sandbox.mchid, trade_scene: 'PARKING', openid };
    fresh();
    const direct = await wxpay.chain('V2/vehicle/pay/querystate').post({ xml });
    const templated = await wxpay.chain('{+p}').post({ p: 'v2/vehicle/pay/querystate', xml });
    for (const res of [direct, templated]) assert.match(res.text(), /<user_state>NORMAL<\/user_state>/);
    assert.deepEqual(sandbox.requests.map((r) => [r.target, r.headers.authorization]), [
      ['/vehicle/pay/querystate', undefined],
      ['/vehicle/pay/querystate', undefined],
    ]);
    const res = await wxpay.chain('/v2/pay/micropay').post({ json: {}, http_errors: false });
    assert.equal(res.status, 404);
    assert.equal(sandbox.lastRequest()?.authorized, true, 'signed as APIv3');
    assert.equal(res.json<{ code: string }>().code, 'NOT_FOUND');
  });
});
