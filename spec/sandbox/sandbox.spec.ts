import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Agent, request } from 'undici';
import { Rsa } from '../../lib/crypto/rsa.js';
import { Formatter } from '../../lib/formatter.js';
import { createTestPki, Sandbox, STALE_TIMESTAMP_OFFSET, UNKNOWN_SERIAL, type TestPki } from '../../lib/sandbox/index.js';

/** One PKI for the whole spec: generating keys is the slow part. */
const pki: TestPki = createTestPki();
const platformPublicKey = createPublicKey(pki.platform.key);
const agent = new Agent({ keepAliveTimeout: 10_000 });

interface CallOptions {
  mchid?: string;
  serial?: string;
  timestamp?: number | string;
  nonce?: string;
  /** The key that signs; default the merchant key. */
  key?: KeyObject;
  /** Sign this body instead of the one sent. */
  signedBody?: string | Buffer;
  /** Sign this target instead of the one sent. */
  signedTarget?: string;
  /** Send this Authorization instead of a computed one; `null` sends none. */
  authorization?: string | null;
  contentType?: string;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  json: any;
}

/** The APIv3 request signing message over exact bytes. */
function requestMessage(method: string, target: string, timestamp: string, nonce: string, body: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${method}\n${target}\n${timestamp}\n${nonce}\n`), Buffer.from(body), Buffer.from('\n')]);
}

/** Signs a request ourselves (independently of the client) and sends it with undici. */
async function call(sandbox: Sandbox, method: string, target: string, body: string | Buffer = '', options: CallOptions = {}): Promise<Reply> {
  const timestamp = String(options.timestamp ?? Formatter.timestamp());
  const nonce = options.nonce ?? Formatter.nonce();
  const message = requestMessage(method, options.signedTarget ?? target, timestamp, nonce, options.signedBody ?? body);
  const signature = Rsa.sign(message, options.key ?? pki.merchant.key);
  const computed = Formatter.authorization(options.mchid ?? sandbox.mchid, nonce, signature, timestamp, options.serial ?? sandbox.merchantSerial);
  const authorization = options.authorization === undefined ? computed : options.authorization;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  if (body.length > 0 || options.contentType !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await request(`${sandbox.url.slice(0, -1)}${target}`, {
    dispatcher: agent,
    method: method as 'GET',
    headers,
    ...(method === 'GET' ? {} : { body }),
  });
  const bytes = Buffer.from(await response.body.arrayBuffer());
  const flat = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
  const text = bytes.toString('utf8');
  return { status: response.statusCode, headers: flat, body: bytes, json: text === '' ? undefined : JSON.parse(text) };
}

/** Verifies an answer's signature ourselves, over the exact body bytes. */
function verifies(reply: Reply, verifier: KeyObject | string = platformPublicKey): boolean {
  const { 'wechatpay-timestamp': timestamp, 'wechatpay-nonce': nonce, 'wechatpay-signature': signature } = reply.headers;
  if (timestamp === undefined || nonce === undefined || signature === undefined) return false;
  return Rsa.verify(Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), reply.body, Buffer.from('\n')]), signature, verifier);
}

/** Asserts a signed error answer. */
function assertError(reply: Reply, status: number, code: string, message?: string | RegExp): void {
  assert.equal(reply.status, status, reply.body.toString());
  assert.equal(reply.json.code, code);
  if (typeof message === 'string') assert.equal(reply.json.message, message);
  else if (message !== undefined) assert.match(reply.json.message, message);
  assert.ok(verifies(reply), 'the error answer is signed');
}

const PARKINGS = '/v3/businesscircle/parkings';
const FIND = '/v3/vehicle/parking/services/find';
const CALLBACKS = '/v3/marketing/busifavor/callbacks';
const POINTS = '/v3/businesscircle/points/notify';

const parking = (overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({
    sub_mchid: '1900000109',
    brandid: 1000,
    appid: 'wx931386123456789e',
    openid: 'oUpF8uMuAJOM2pxb1Q',
    plate_number: '粤B888888',
    state: 'IN',
    time: '2022-06-01T10:43:39+08:00',
    ...overrides,
  });

const findQuery = (overrides: Record<string, string> = {}): string => {
  const query = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'oUpF8uMuAJOM2pxb1Q', ...overrides };
  return `${FIND}?${Object.entries(query).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
};

const points = (overrides: Record<string, unknown> = {}): string =>
  JSON.stringify({
    sub_mchid: '1900000109',
    transaction_id: '1217752501201407033233368018',
    appid: 'wx1234567890abcdef',
    openid: 'oWmnN4xxxxxxxxxxe92NHIGf1xd8',
    earn_points: true,
    increased_points: 100,
    points_update_time: '2020-05-20T13:29:35+08:00',
    ...overrides,
  });

after(async () => {
  await agent.close();
});

describe('Sandbox', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ pki });
  });
  after(async () => {
    await sandbox.close();
  });

  describe('identity', () => {
    it('listens on 127.0.0.1 with a trailing slash and the default merchant', () => {
      assert.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.equal(sandbox.mchid, '1900000100');
      assert.equal(sandbox.mode, 'public-key');
      assert.equal(sandbox.merchantSerial, pki.merchant.serial);
      assert.match(sandbox.platformSerial, /^PUB_KEY_ID_\d{28}$/);
      assert.equal(sandbox.pki, pki);
    });

    it('hands out a ready client configuration', () => {
      const config = sandbox.clientConfig();
      assert.equal(config.mchid, sandbox.mchid);
      assert.equal(config.serial, sandbox.merchantSerial);
      assert.equal(config.privateKey, pki.merchant.key);
      assert.equal(config.base_uri, sandbox.url);
      assert.deepEqual(Object.keys(config.certs), [sandbox.platformSerial]);
      const verifier = config.certs[sandbox.platformSerial] as KeyObject;
      assert.equal(verifier.type, 'public');
      assert.ok(verifier.equals(platformPublicKey));
    });

    it('derives the same public key ID from the same PKI, and takes a custom merchant ID', async () => {
      const other = await Sandbox.start({ pki, mchid: '1230000109' });
      try {
        assert.equal(other.platformSerial, sandbox.platformSerial);
        assert.equal(other.clientConfig().mchid, '1230000109');
        const reply = await call(other, 'POST', PARKINGS, parking());
        assert.equal(reply.status, 204);
      } finally {
        await other.close();
      }
    });

    it('refuses an unknown mode or a bad rate limit', async () => {
      await assert.rejects(Sandbox.start({ pki, mode: 'pem' as 'certificate' }), TypeError);
      await assert.rejects(Sandbox.start({ pki, rateLimit: -1 }), RangeError);
    });
  });

  describe('POST /v3/businesscircle/parkings', () => {
    it('answers a valid sync 204 with an empty, signed body', async () => {
      sandbox.reset();
      const body = parking();
      const reply = await call(sandbox, 'POST', PARKINGS, body);
      assert.equal(reply.status, 204);
      assert.equal(reply.body.length, 0);
      assert.ok(verifies(reply));
      assert.equal(reply.headers['wechatpay-serial'], sandbox.platformSerial);
      assert.match(reply.headers['wechatpay-nonce'], /^[0-9A-Za-z]{32}$/);
      assert.ok(Math.abs(Number(reply.headers['wechatpay-timestamp']) - Formatter.timestamp()) <= 1);
      assert.match(reply.headers['request-id'], /^[0-9A-F]{32}$/);
      assert.equal(reply.headers['content-type'], undefined);
      const recorded = sandbox.lastRequest()!;
      assert.equal(recorded.authorized, true);
      assert.equal(recorded.authError, undefined);
      assert.equal(recorded.method, 'POST');
      assert.equal(recorded.target, PARKINGS);
      assert.ok(recorded.body.equals(Buffer.from(body)));
    });

    it('names each missing required field as the error table does', async () => {
      const labels = { brandid: 'brand_id', appid: 'AppID', openid: 'OpenID', plate_number: 'plate_number', state: 'state', time: 'time' };
      for (const [field, label] of Object.entries(labels)) {
        for (const absent of [undefined, null, '']) {
          const reply = await call(sandbox, 'POST', PARKINGS, parking({ [field]: absent }));
          assertError(reply, 400, 'PARAM_ERROR', `业务必填字段${label}为空`);
        }
      }
    });

    it('accepts sub_mchid as optional', async () => {
      assert.equal((await call(sandbox, 'POST', PARKINGS, parking({ sub_mchid: undefined }))).status, 204);
      assertError(await call(sandbox, 'POST', PARKINGS, parking({ sub_mchid: 1900000109 })), 400, 'PARAM_ERROR', 'sub_mchid格式有误');
    });

    it('checks the plate number: a province, then upper-case letters, digits or Chinese', async () => {
      for (const plate of ['粤B888888', '京A12345学', '沪AD12345', '琼E0000警']) {
        assert.equal((await call(sandbox, 'POST', PARKINGS, parking({ plate_number: plate }))).status, 204, plate);
      }
      for (const plate of ['B888888', '粤b888888', '粤', '粤B-88888', 'XB12345', '港B12345', ' 粤B888888', 123]) {
        assertError(await call(sandbox, 'POST', PARKINGS, parking({ plate_number: plate })), 400, 'PARAM_ERROR', 'plate_number格式有误');
      }
    });

    it('checks the time is RFC 3339', async () => {
      for (const time of ['2022-06-01T02:43:39Z', '2022-06-01T10:43:39.123+08:00', '2024-02-29T23:59:59-05:00']) {
        assert.equal((await call(sandbox, 'POST', PARKINGS, parking({ time }))).status, 204, time);
      }
      for (const time of ['2022-06-01 10:43:39+08:00', '2022-06-01T10:43:39', '2022-02-30T10:00:00+08:00', '2023-02-29T10:00:00Z', '2022-06-01T24:00:00Z', '2022-06-01t10:43:39z', '1654051419', 1654051419]) {
        assertError(await call(sandbox, 'POST', PARKINGS, parking({ time })), 400, 'PARAM_ERROR', 'time格式有误');
      }
    });

    it('refuses a time in the future', async () => {
      const future = new Date(Date.now() + 120_000).toISOString();
      assertError(await call(sandbox, 'POST', PARKINGS, parking({ time: future })), 400, 'PARAM_ERROR', 'time超出取值范围');
      const justNow = `${new Date(Date.now() - 1000).toISOString().slice(0, 19)}Z`;
      assert.equal((await call(sandbox, 'POST', PARKINGS, parking({ time: justNow }))).status, 204);
    });

    it('takes state IN or OUT only', async () => {
      assert.equal((await call(sandbox, 'POST', PARKINGS, parking({ state: 'OUT' }))).status, 204);
      for (const state of ['in', 'PARKED', true]) {
        assertError(await call(sandbox, 'POST', PARKINGS, parking({ state })), 400, 'PARAM_ERROR', /^state取值有误/);
      }
    });

    it('wants brandid as an integer, appid and openid as strings', async () => {
      assertError(await call(sandbox, 'POST', PARKINGS, parking({ brandid: '1000' })), 400, 'PARAM_ERROR', 'brandid格式有误');
      assertError(await call(sandbox, 'POST', PARKINGS, parking({ brandid: 0 })), 400, 'PARAM_ERROR', 'brandid格式有误');
      assertError(await call(sandbox, 'POST', PARKINGS, parking({ appid: 42 })), 400, 'PARAM_ERROR', 'AppID有误');
      assertError(await call(sandbox, 'POST', PARKINGS, parking({ openid: ['o'] })), 400, 'PARAM_ERROR', 'OpenID有误');
    });

    it('refuses a body that is not a JSON object, or not declared as JSON', async () => {
      assertError(await call(sandbox, 'POST', PARKINGS, '{"brandid":1000,'), 400, 'PARAM_ERROR', '请求体不是合法的JSON');
      assertError(await call(sandbox, 'POST', PARKINGS, '', { contentType: 'application/json' }), 400, 'PARAM_ERROR', '请求体不是合法的JSON');
      assertError(await call(sandbox, 'POST', PARKINGS, '[1,2]'), 400, 'PARAM_ERROR', '请求体应为JSON对象');
      assertError(await call(sandbox, 'POST', PARKINGS, parking(), { contentType: 'text/plain' }), 400, 'INVALID_REQUEST');
      assert.equal((await call(sandbox, 'POST', PARKINGS, parking(), { contentType: 'Application/JSON; charset=utf-8' })).status, 204);
    });
  });

  describe('Authorization', () => {
    /** Sends a request that should be refused and returns the recorded issue. */
    async function refused(reply: Promise<Reply>): Promise<string> {
      const answer = await reply;
      assertError(answer, 401, 'SIGN_ERROR', '签名错误');
      const recorded = sandbox.lastRequest()!;
      assert.equal(recorded.authorized, false);
      assert.equal(answer.json.detail.detail.issue, recorded.authError);
      return recorded.authError!;
    }

    it('refuses a signature made with another key', async () => {
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      assert.match(await refused(call(sandbox, 'POST', PARKINGS, parking(), { key: stranger })), /bad signature/);
    });

    it('refuses a wrong mchid', async () => {
      assert.match(await refused(call(sandbox, 'POST', PARKINGS, parking(), { mchid: '1900000109' })), /mchid "1900000109"/);
    });

    it('accepts the serial_no in lower-case hex, as WeChat Pay does (wechatpay-node-v3 sends it so)', async () => {
      assert.notEqual(sandbox.merchantSerial.toLowerCase(), sandbox.merchantSerial, 'the serial has letters');
      const reply = await call(sandbox, 'POST', PARKINGS, parking(), { serial: sandbox.merchantSerial.toLowerCase() });
      assert.equal(reply.status, 204, reply.body.toString());
      assert.equal(sandbox.lastRequest()?.authorized, true);
    });

    it('refuses an unknown serial_no', async () => {
      assert.match(await refused(call(sandbox, 'POST', PARKINGS, parking(), { serial: 'ABCDEF' })), /unknown serial_no "ABCDEF"/);
    });

    it('refuses a timestamp more than 300 s away, and accepts exactly 300 s', async () => {
      const now = Formatter.timestamp();
      assert.match(await refused(call(sandbox, 'POST', PARKINGS, parking(), { timestamp: now - 310 })), /stale timestamp/);
      assert.match(await refused(call(sandbox, 'POST', PARKINGS, parking(), { timestamp: now + 310 })), /stale timestamp/);
      assert.match(await refused(call(sandbox, 'POST', PARKINGS, parking(), { timestamp: 'soon' })), /not Unix seconds/);
      assert.equal((await call(sandbox, 'POST', PARKINGS, parking(), { timestamp: Formatter.timestamp() - 299 })).status, 204);
    });

    it('refuses an empty nonce', async () => {
      assert.match(await refused(call(sandbox, 'POST', PARKINGS, parking(), { nonce: '' })), /empty nonce_str/);
    });

    it('refuses a tampered body: one body signed, another sent', async () => {
      const issue = await refused(call(sandbox, 'POST', PARKINGS, parking(), { signedBody: parking({ state: 'OUT' }) }));
      assert.match(issue, /bad signature/);
    });

    it('tells what it signed, as WeChat Pay does, in detail.sign_information', async () => {
      const body = parking();
      const reply = await call(sandbox, 'POST', PARKINGS, body, { nonce: 'N0NCE', timestamp: Formatter.timestamp(), key: pki.platform.key });
      const { timestamp } = /timestamp="(?<timestamp>\d+)"/.exec(String(sandbox.lastRequest()!.headers.authorization))!.groups!;
      assert.deepEqual(reply.json.detail.sign_information, {
        method: 'POST',
        url: PARKINGS,
        sign_message_length: requestMessage('POST', PARKINGS, timestamp, 'N0NCE', body).length,
        truncated_sign_message: `POST\n${PARKINGS}\n${timestamp}\nN0NCE\n${Buffer.from(body).subarray(0, 16).toString()}\n`,
      });
      assert.equal(reply.json.detail.location, 'authorization');
      const unparsed = await call(sandbox, 'POST', PARKINGS, body, { authorization: null });
      assert.equal(unparsed.json.detail.sign_information, undefined);
    });

    it('refuses a tampered target, e.g. a client signing the decoded query', async () => {
      const target = findQuery();
      const issue = await refused(call(sandbox, 'GET', target, '', { signedTarget: decodeURIComponent(target) }));
      assert.match(issue, /bad signature.*GET \/v3\/vehicle\/parking\/services\/find\?appid=/);
    });

    it('refuses a missing header, a wrong scheme, a missing or duplicate field, a malformed list', async () => {
      assert.match(await refused(call(sandbox, 'GET', findQuery(), '', { authorization: null })), /missing Authorization header/);
      assert.match(await refused(call(sandbox, 'GET', findQuery(), '', { authorization: 'Bearer abc' })), /scheme must be WECHATPAY2-SHA256-RSA2048/);
      const full = 'WECHATPAY2-SHA256-RSA2048 mchid="1900000100",serial_no="x",timestamp="1",nonce_str="n"';
      assert.match(await refused(call(sandbox, 'GET', findQuery(), '', { authorization: full })), /missing Authorization field signature/);
      assert.match(await refused(call(sandbox, 'GET', findQuery(), '', { authorization: `${full},nonce_str="m",signature="s"` })), /duplicate Authorization field nonce_str/);
      assert.match(await refused(call(sandbox, 'GET', findQuery(), '', { authorization: 'WECHATPAY2-SHA256-RSA2048 mchid=1900000100' })), /malformed/);
    });

    it('accepts the fields in any order, with spaces after the commas', async () => {
      const timestamp = String(Formatter.timestamp());
      const nonce = Formatter.nonce();
      const target = findQuery();
      const signature = Rsa.sign(requestMessage('GET', target, timestamp, nonce, ''), pki.merchant.key);
      const authorization = `WECHATPAY2-SHA256-RSA2048 signature="${signature}", nonce_str="${nonce}", timestamp="${timestamp}", serial_no="${sandbox.merchantSerial}", mchid="${sandbox.mchid}"`;
      assert.equal((await call(sandbox, 'GET', target, '', { authorization })).status, 200);
    });

    it('checks the signature over the exact bytes, even when they are not UTF-8', async () => {
      const bytes = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
      const reply = await call(sandbox, 'POST', PARKINGS, bytes);
      assertError(reply, 400, 'PARAM_ERROR', '请求体不是合法的JSON');
      const recorded = sandbox.lastRequest()!;
      assert.equal(recorded.authorized, true);
      assert.ok(recorded.body.equals(bytes));
    });

    it('takes a request outside /v3/ without Authorization as APIv2: no Authorization check, an XML FAIL for an unknown path', async () => {
      const reply = await request(`${sandbox.url}v2/pay/micropay`, { dispatcher: agent });
      assert.equal(reply.statusCode, 404);
      assert.equal(await reply.body.text(), '<xml><return_code>FAIL</return_code><return_msg>接口不存在：GET /v2/pay/micropay</return_msg></xml>');
      assert.equal(reply.headers['wechatpay-signature'], undefined);
      const recorded = sandbox.lastRequest()!;
      assert.equal(recorded.authorized, false);
      assert.equal(recorded.authError, undefined);
    });
  });

  describe('GET /v3/vehicle/parking/services/find', () => {
    it('echoes a Chinese plate from a percent-encoded query', async () => {
      const target = `${FIND}?appid=wxcbda96de0b165486&sub_mchid=1900000109&plate_number=%E7%B2%A4B888888&plate_color=BLUE&openid=oUpF8uMuAJOM2pxb1Q`;
      const reply = await call(sandbox, 'GET', target);
      assert.equal(reply.status, 200);
      assert.ok(verifies(reply));
      assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(Number(reply.headers['content-length']), reply.body.length);
      const { service_open_time: openTime, ...rest } = reply.json;
      assert.deepEqual(rest, { plate_number: '粤B888888', plate_color: 'BLUE', openid: 'oUpF8uMuAJOM2pxb1Q', service_state: 'NORMAL' });
      assert.match(openTime, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      const recorded = sandbox.lastRequest()!;
      assert.equal(recorded.target, target);
      assert.equal(recorded.path, FIND);
      assert.equal(recorded.query.plate_number, '粤B888888');
    });

    it('keeps the target byte for byte, lower-case percent-encoding included', async () => {
      const target = findQuery().replace('%E7%B2%A4', '%e7%b2%a4');
      assert.equal((await call(sandbox, 'GET', target)).status, 200);
      assert.equal(sandbox.lastRequest()!.target, target);
    });

    it('answers the service state that was set', async () => {
      sandbox.state.serviceState = 'PAUSE';
      try {
        assert.equal((await call(sandbox, 'GET', findQuery())).json.service_state, 'PAUSE');
      } finally {
        sandbox.state.serviceState = 'NORMAL';
      }
    });

    it('names each missing query parameter', async () => {
      for (const name of ['appid', 'sub_mchid', 'plate_number', 'plate_color', 'openid']) {
        const target = findQuery().replace(new RegExp(`([?&])${name}=[^&]*&?`), '$1');
        assertError(await call(sandbox, 'GET', target), 400, 'PARAM_ERROR', `业务必填字段${name}为空`);
        assertError(await call(sandbox, 'GET', findQuery({ [name]: '' })), 400, 'PARAM_ERROR', `业务必填字段${name}为空`);
      }
    });

    it('checks plate_color, the plate number and the lengths', async () => {
      for (const color of ['GREEN', 'YELLOW', 'BLACK', 'WHITE', 'LIMEGREEN']) {
        assert.equal((await call(sandbox, 'GET', findQuery({ plate_color: color }))).json.plate_color, color);
      }
      assertError(await call(sandbox, 'GET', findQuery({ plate_color: 'RED' })), 400, 'PARAM_ERROR', /^plate_color取值有误/);
      assertError(await call(sandbox, 'GET', findQuery({ plate_color: 'blue' })), 400, 'PARAM_ERROR', /^plate_color取值有误/);
      assertError(await call(sandbox, 'GET', findQuery({ plate_number: 'B888888' })), 400, 'PARAM_ERROR', 'plate_number格式有误');
      assertError(await call(sandbox, 'GET', findQuery({ openid: 'o'.repeat(33) })), 400, 'PARAM_ERROR', 'openid长度应为1到32个字符');
    });

    it('answers 429 beyond the rate limit, and reset() clears the counter', async () => {
      sandbox.reset();
      sandbox.state.rateLimit = 2;
      try {
        const statuses = [];
        for (let i = 0; i < 3; i += 1) statuses.push((await call(sandbox, 'GET', findQuery())).status);
        assert.deepEqual(statuses, [200, 200, 429]);
        assertError(await call(sandbox, 'GET', findQuery()), 429, 'RATELIMIT_EXCEEDED', '达到调用速率限制');
        assert.equal((await call(sandbox, 'POST', PARKINGS, parking())).status, 204, 'other endpoints are not limited');
        sandbox.reset();
        assert.equal((await call(sandbox, 'GET', findQuery())).status, 200);
      } finally {
        sandbox.state.rateLimit = 50;
        sandbox.reset();
      }
    });

    it('takes its rate limit from the options', async () => {
      const limited = await Sandbox.start({ pki, rateLimit: 1 });
      try {
        assert.equal(limited.state.rateLimit, 1);
        assert.equal((await call(limited, 'GET', findQuery())).status, 200);
        assert.equal((await call(limited, 'GET', findQuery())).status, 429);
      } finally {
        await limited.close();
      }
    });
  });

  describe('POST /v3/marketing/busifavor/callbacks', () => {
    it('defaults mchid to the caller and answers the update time', async () => {
      const reply = await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ notify_url: 'https://pay.example.com/notify' }));
      assert.equal(reply.status, 200);
      assert.ok(verifies(reply));
      assert.equal(reply.json.mchid, sandbox.mchid);
      assert.equal(reply.json.notify_url, 'https://pay.example.com/notify');
      assert.match(reply.json.update_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      assert.ok(Math.abs(Date.parse(reply.json.update_time) - Date.now()) < 2000);
    });

    it('echoes a given mchid of 8 to 15 characters', async () => {
      assert.equal((await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ mchid: '10000098', notify_url: 'https://a.example' }))).json.mchid, '10000098');
      for (const mchid of ['1000009', '1234567890123456']) {
        assertError(await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ mchid, notify_url: 'https://a.example' })), 400, 'PARAM_ERROR', 'mchid长度应为8到15个字符');
      }
      assertError(await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ mchid: 10000098, notify_url: 'https://a.example' })), 400, 'PARAM_ERROR', 'mchid应为字符串');
    });

    it('requires an https notify_url of 10 to 256 characters', async () => {
      assertError(await call(sandbox, 'POST', CALLBACKS, '{}'), 400, 'PARAM_ERROR', '业务必填字段notify_url为空');
      assertError(await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ notify_url: 'http://www.example.com' })), 400, 'PARAM_ERROR', 'notify_url必须是https地址');
      assertError(await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ notify_url: 'https://a' })), 400, 'PARAM_ERROR', 'notify_url长度应为10到256个字符');
      const long = `https://example.com/${'a'.repeat(237)}`;
      assertError(await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ notify_url: long })), 400, 'PARAM_ERROR', 'notify_url长度应为10到256个字符');
      assert.equal((await call(sandbox, 'POST', CALLBACKS, JSON.stringify({ notify_url: long.slice(0, -1) }))).status, 200);
    });
  });

  describe('智慧商圈 queries and points', () => {
    it('answers the authorization state of a percent-decoded openid', async () => {
      const target = '/v3/businesscircle/user-authorizations/o%2FpF8%20%E7%B2%A4?appid=wx1234567890abcdef';
      const reply = await call(sandbox, 'GET', target);
      assert.equal(reply.status, 200);
      assert.ok(verifies(reply));
      const { authorize_time: at, ...rest } = reply.json;
      assert.deepEqual(rest, { openid: 'o/pF8 粤', appid: 'wx1234567890abcdef', mchid: sandbox.mchid, authorize_state: 'AUTHORIZED' });
      assert.match(at, /\+08:00$/);
      sandbox.state.authorizeState = 'DEAUTHORIZED';
      try {
        assert.equal((await call(sandbox, 'GET', target)).json.authorize_state, 'DEAUTHORIZED');
      } finally {
        sandbox.state.authorizeState = 'AUTHORIZED';
      }
      assertError(await call(sandbox, 'GET', '/v3/businesscircle/user-authorizations/oUpF8'), 400, 'PARAM_ERROR', '业务必填字段appid为空');
    });

    it('answers the pending points status with brandid as a number', async () => {
      const target = '/v3/businesscircle/users/oUpF8uMuAJOM2pxb1Q/points/commit_status?brandid=1000&appid=wx1234567890abcdef';
      sandbox.state.pendingStatus = 'PENDING';
      try {
        const reply = await call(sandbox, 'GET', target);
        assert.equal(reply.status, 200);
        const { commit_time: at, ...rest } = reply.json;
        assert.deepEqual(rest, { openid: 'oUpF8uMuAJOM2pxb1Q', appid: 'wx1234567890abcdef', brandid: 1000, pending_status: 'PENDING' });
        assert.match(at, /\+08:00$/);
      } finally {
        sandbox.state.pendingStatus = 'FINISHED';
      }
      const base = '/v3/businesscircle/users/oUpF8uMuAJOM2pxb1Q/points/commit_status';
      assertError(await call(sandbox, 'GET', `${base}?appid=wx1`), 400, 'PARAM_ERROR', '业务必填字段brandid为空');
      assertError(await call(sandbox, 'GET', `${base}?brandid=1000`), 400, 'PARAM_ERROR', '业务必填字段appid为空');
      assertError(await call(sandbox, 'GET', `${base}?brandid=10x&appid=wx1`), 400, 'PARAM_ERROR', 'brandid格式有误');
    });

    it('refuses a path parameter that is not valid percent-encoding', async () => {
      assertError(await call(sandbox, 'GET', '/v3/businesscircle/user-authorizations/%E7%B2?appid=wx1'), 400, 'PARAM_ERROR', '路径参数openid不是合法的URL编码');
    });

    it('syncs points: 204, each required field, the types', async () => {
      const ok = await call(sandbox, 'POST', POINTS, points());
      assert.equal(ok.status, 204);
      assert.ok(verifies(ok));
      assert.equal((await call(sandbox, 'POST', POINTS, points({ earn_points: false, increased_points: 0, no_points_remarks: '无', total_points: 5 }))).status, 204);
      for (const field of ['transaction_id', 'appid', 'openid', 'earn_points', 'increased_points', 'points_update_time']) {
        assertError(await call(sandbox, 'POST', POINTS, points({ [field]: undefined })), 400, 'PARAM_ERROR', `业务必填字段${field}为空`);
      }
      assertError(await call(sandbox, 'POST', POINTS, points({ earn_points: 'true' })), 400, 'PARAM_ERROR', 'earn_points应为布尔值');
      assertError(await call(sandbox, 'POST', POINTS, points({ increased_points: -1 })), 400, 'PARAM_ERROR', 'increased_points应为非负整数');
      assertError(await call(sandbox, 'POST', POINTS, points({ increased_points: 1.5 })), 400, 'PARAM_ERROR', 'increased_points应为非负整数');
      assertError(await call(sandbox, 'POST', POINTS, points({ total_points: '5' })), 400, 'PARAM_ERROR', 'total_points应为非负整数');
      assertError(await call(sandbox, 'POST', POINTS, points({ appid: 7 })), 400, 'PARAM_ERROR', 'appid应为字符串');
      assertError(await call(sandbox, 'POST', POINTS, points({ no_points_remarks: 7 })), 400, 'PARAM_ERROR', 'no_points_remarks应为字符串');
      assertError(await call(sandbox, 'POST', POINTS, points({ points_update_time: '2020-05-20' })), 400, 'PARAM_ERROR', 'points_update_time格式有误');
    });
  });

  describe('unknown routes', () => {
    it('answers an unknown APIv3 path 404, signed', async () => {
      assertError(await call(sandbox, 'GET', '/v3/nothing/here'), 404, 'NOT_FOUND', '接口不存在：GET /v3/nothing/here');
    });

    it('answers a known path with another method 405, with Allow', async () => {
      const reply = await call(sandbox, 'GET', PARKINGS);
      assertError(reply, 405, 'METHOD_NOT_ALLOWED');
      assert.equal(reply.headers.allow, 'POST');
    });
  });

  describe('faults', () => {
    before(() => {
      sandbox.reset();
    });

    it('bad-signature: a signature of other bytes, once', async () => {
      sandbox.fault('bad-signature');
      const faulty = await call(sandbox, 'POST', PARKINGS, parking());
      assert.equal(faulty.status, 204);
      assert.ok(faulty.headers['wechatpay-signature']);
      assert.equal(verifies(faulty), false);
      assert.ok(verifies(await call(sandbox, 'POST', PARKINGS, parking())), 'the next answer is sound');
    });

    it('stale-timestamp: ten minutes old, signed consistently', async () => {
      sandbox.fault('stale-timestamp');
      const reply = await call(sandbox, 'GET', findQuery());
      assert.ok(verifies(reply));
      const age = Formatter.timestamp() - Number(reply.headers['wechatpay-timestamp']);
      assert.ok(age >= STALE_TIMESTAMP_OFFSET && age <= STALE_TIMESTAMP_OFFSET + 1, String(age));
    });

    it('unknown-serial: announces PUB_KEY_ID_0… but signs with the real key', async () => {
      sandbox.fault('unknown-serial');
      const reply = await call(sandbox, 'GET', findQuery());
      assert.equal(reply.headers['wechatpay-serial'], UNKNOWN_SERIAL);
      assert.equal(UNKNOWN_SERIAL, 'PUB_KEY_ID_0000000000000000000000000000');
      assert.ok(verifies(reply));
    });

    it('missing-headers: no Wechatpay-Signature', async () => {
      sandbox.fault('missing-headers');
      const reply = await call(sandbox, 'GET', findQuery());
      assert.equal(reply.status, 200);
      assert.equal(reply.headers['wechatpay-signature'], undefined);
      assert.ok(reply.headers['wechatpay-nonce']);
    });

    it('system-error: a signed 500 whatever the route, after recording the request', async () => {
      sandbox.fault('system-error');
      const before = sandbox.requests.length;
      const reply = await call(sandbox, 'POST', PARKINGS, parking());
      assertError(reply, 500, 'SYSTEM_ERROR', '系统异常，请稍后重试');
      assert.equal(sandbox.requests.length, before + 1);
      assert.equal(sandbox.lastRequest()!.authorized, true);
    });

    it('delay: answers late', async () => {
      sandbox.fault({ kind: 'delay', ms: 150 });
      const started = Date.now();
      const reply = await call(sandbox, 'GET', findQuery());
      assert.ok(Date.now() - started >= 140);
      assert.ok(verifies(reply), 'signed when written');
    });

    it('counts `times` down, combines kinds, and Infinity lasts until reset()', async () => {
      sandbox.fault('system-error', 2).fault('unknown-serial');
      const first = await call(sandbox, 'GET', findQuery());
      assert.equal(first.status, 500);
      assert.equal(first.headers['wechatpay-serial'], UNKNOWN_SERIAL);
      const second = await call(sandbox, 'GET', findQuery());
      assert.equal(second.status, 500);
      assert.equal(second.headers['wechatpay-serial'], sandbox.platformSerial);
      assert.equal((await call(sandbox, 'GET', findQuery())).status, 200);

      sandbox.fault('bad-signature', Infinity);
      for (let i = 0; i < 3; i += 1) assert.equal(verifies(await call(sandbox, 'GET', findQuery())), false);
      sandbox.reset();
      assert.equal(sandbox.requests.length, 0);
      assert.ok(verifies(await call(sandbox, 'GET', findQuery())));
    });

    it('applies to 401 and 404 answers too', async () => {
      sandbox.fault('bad-signature', 2);
      const unauthorized = await call(sandbox, 'GET', findQuery(), '', { authorization: null });
      assert.equal(unauthorized.status, 401);
      assert.equal(verifies(unauthorized), false);
      const missing = await call(sandbox, 'GET', '/v3/nothing');
      assert.equal(missing.status, 404);
      assert.equal(verifies(missing), false);
    });

    it('refuses unknown faults and bad counts', () => {
      assert.throws(() => sandbox.fault('slow' as 'system-error'), TypeError);
      assert.throws(() => sandbox.fault({ kind: 'delay', ms: -1 }), RangeError);
      assert.throws(() => sandbox.fault('system-error', 0), RangeError);
      assert.throws(() => sandbox.fault('system-error', 1.5), RangeError);
    });

    it('close() drops a delayed answer and ends kept-alive sockets promptly', async () => {
      const slow = await Sandbox.start({ pki });
      slow.fault({ kind: 'delay', ms: 60_000 });
      const pending = call(slow, 'GET', findQuery());
      while (slow.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const started = Date.now();
      await slow.close();
      await assert.rejects(pending);
      assert.ok(Date.now() - started < 1000);
      await slow.close();
    });
  });

  describe('the request log', () => {
    it('records every request in order, with exact bytes, raw target, decoded query and headers', async () => {
      sandbox.reset();
      const body = '{ "brandid" :1000,\n"appid":"wx931386123456789e","openid":"o","plate_number":"粤B888888","state":"IN","time":"2022-06-01T10:43:39+08:00"}';
      await call(sandbox, 'POST', PARKINGS, body);
      await call(sandbox, 'GET', `${FIND}?a=%E7%B2%A4&b=x+y&c=1&c=2`);
      const [posted, got] = sandbox.requests;
      assert.equal(sandbox.requests.length, 2);
      assert.ok(posted.body.equals(Buffer.from(body)));
      assert.equal(posted.text, body);
      assert.equal(posted.headers['content-type'], 'application/json');
      assert.match(String(posted.headers.authorization), /^WECHATPAY2-SHA256-RSA2048 mchid="1900000100",serial_no=/);
      assert.equal(got.target, `${FIND}?a=%E7%B2%A4&b=x+y&c=1&c=2`);
      assert.equal(got.path, FIND);
      assert.deepEqual(got.query, { a: '粤', b: 'x y', c: '2' });
      assert.equal(got.body.length, 0);
      assert.equal(got.text, '');
      assert.equal(sandbox.lastRequest(), got);
    });
  });
});

describe('Sandbox in certificate mode', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await Sandbox.start({ pki, mode: 'certificate' });
  });
  after(async () => {
    await sandbox.close();
  });

  it('announces the platform certificate serial and hands out the certificate PEM', () => {
    assert.equal(sandbox.mode, 'certificate');
    assert.equal(sandbox.platformSerial, pki.platform.serial);
    assert.deepEqual(sandbox.clientConfig().certs, { [pki.platform.serial]: pki.platform.cert });
  });

  it('signs answers that verify with the platform certificate', async () => {
    const reply = await call(sandbox, 'POST', PARKINGS, parking());
    assert.equal(reply.status, 204);
    assert.equal(reply.headers['wechatpay-serial'], pki.platform.serial);
    assert.ok(verifies(reply, pki.platform.cert));
    const error = await call(sandbox, 'POST', PARKINGS, parking({ time: undefined }));
    assert.equal(error.status, 400);
    assert.ok(verifies(error, pki.platform.cert));
  });
});
