// The benchmark server, run in its own process (bench/lib/server.mjs forks it), so that client and server never
// share an event loop. It runs two listeners on 127.0.0.1:
//
// - the real wechatpay-ts Sandbox (checks every signature, signs every answer), for the correctness sanity pass;
// - a replay server for the timed runs: it verifies nothing and answers every request with a signed answer that is
//   re-signed at most once per second, so the server's own RSA signing never limits a run. `/v3/…` gets the JSON
//   answer of `POST /v3/marketing/busifavor/callbacks`; any other path the signed XML answer of APIv2's
//   `/vehicle/pay/notification` (HMAC-SHA256).
//
// IPC protocol: it sends `{ type: 'ready', … }` once (URLs, the client configuration material as PEM strings, the
// exact answer bodies), then answers `{ type: 'stats', id }` with its `process.cpuUsage()` and request counters, and
// `{ type: 'sandbox-requests', id }` with what the real Sandbox recorded, and `{ type: 'fault', id, fault }` by arming
// that fault on the real Sandbox's next answer.

import { createHmac, createPublicKey, randomBytes, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { Sandbox, createTestPki } from 'wechatpay-ts/sandbox';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const nonce = () => Array.from(randomBytes(32), (byte) => BASE62[byte % 62]).join('');

const pki = createTestPki();
const sandbox = await Sandbox.start({ pki });
const { mchid, merchantSerial, platformSerial, secret } = sandbox;
const NOTIFY_URL = 'https://pay.example.com/wechatpay/busifavor/notify';
const APPID = 'wxcbda96de0b165486';

/** The v3 answer: the same JSON the Sandbox answers for busifavor/callbacks, with a fresh signature each second. */
function v3Answer(seconds) {
  const updateTime = new Date(seconds * 1000 + 8 * 3600_000).toISOString().replace(/\.\d+Z$/, '+08:00');
  const body = Buffer.from(JSON.stringify({ update_time: updateTime, notify_url: NOTIFY_URL, mchid }));
  const answerNonce = nonce();
  const message = Buffer.concat([Buffer.from(`${seconds}\n${answerNonce}\n`), body, Buffer.from('\n')]);
  const headers = {
    'Request-ID': randomBytes(16).toString('hex').toUpperCase(),
    'Wechatpay-Nonce': answerNonce,
    'Wechatpay-Timestamp': String(seconds),
    'Wechatpay-Serial': platformSerial,
    'Wechatpay-Signature': sign('sha256', message, pki.platform.key).toString('base64'),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
  };
  return { seconds, headers, body };
}

/** The APIv2 answer of /vehicle/pay/notification, signed with HMAC-SHA256 over the byte-sorted k=v pairs. */
function v2Answer(seconds) {
  const data = {
    return_code: 'SUCCESS',
    return_msg: 'OK',
    appid: APPID,
    mch_id: mchid,
    nonce_str: nonce(),
    result_code: 'SUCCESS',
    user_state: 'NORMAL',
    deduct_mode: 'AUTOPAY',
  };
  const signing = Object.keys(data).sort().map((key) => `${key}=${data[key]}`).join('&');
  data.sign = createHmac('sha256', secret).update(`${signing}&key=${secret}`).digest('hex').toUpperCase();
  const xml = `<xml>${Object.entries(data).map(([key, value]) => `<${key}><![CDATA[${value}]]></${key}>`).join('')}</xml>`;
  const body = Buffer.from(xml);
  const headers = { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(body.length) };
  return { seconds, headers, body };
}

/** One cached answer per kind, rebuilt when the second changes. */
const cache = { v3: v3Answer(now()), v2: v2Answer(now()) };
function now() {
  return Math.floor(Date.now() / 1000);
}
function answer(kind) {
  const seconds = now();
  if (cache[kind].seconds !== seconds) cache[kind] = kind === 'v3' ? v3Answer(seconds) : v2Answer(seconds);
  return cache[kind];
}

const served = { v3: 0, v2: 0, signatures: 2, connections: 0 };
const replay = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  request.resume(); // read and drop the body
  request.on('end', () => {
    const kind = request.url.startsWith('/v3/') ? 'v3' : 'v2';
    const before = cache[kind];
    const { headers, body } = answer(kind);
    if (cache[kind] !== before) served.signatures += 1;
    served[kind] += 1;
    response.writeHead(200, headers).end(body);
  });
});
replay.on('connection', () => (served.connections += 1));
replay.headersTimeout = 0;
replay.requestTimeout = 0;
await new Promise((resolve) => replay.listen(0, '127.0.0.1', resolve));

process.on('message', (message) => {
  if (message?.type === 'stats') {
    process.send({ type: 'stats', id: message.id, cpu: process.cpuUsage(), served: { ...served } });
  } else if (message?.type === 'sandbox-requests') {
    const requests = sandbox.requests.map(({ method, target, authorized, authError }) => ({ method, target, authorized, authError }));
    process.send({ type: 'sandbox-requests', id: message.id, requests });
  } else if (message?.type === 'fault') {
    sandbox.fault(message.fault);
    process.send({ type: 'fault', id: message.id });
  }
});
process.on('disconnect', () => {
  replay.closeAllConnections();
  replay.close();
  void sandbox.close().then(() => process.exit(0));
});

process.send({
  type: 'ready',
  pid: process.pid,
  replayUrl: `http://127.0.0.1:${replay.address().port}/`,
  sandboxUrl: sandbox.url,
  material: {
    mchid,
    serial: merchantSerial,
    privateKeyPem: pki.merchant.keyPem,
    platformSerial,
    platformPublicKeyPem: createPublicKey(pki.platform.key).export({ type: 'spki', format: 'pem' }),
    secret,
    appid: APPID,
    notifyUrl: NOTIFY_URL,
  },
  bodies: { v3: cache.v3.body.toString(), v2: cache.v2.body.toString() },
});
