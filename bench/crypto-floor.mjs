// Measurement 0: the crypto floor of one APIv3 call. Every signed and verified call needs one RSA-2048 SHA256withRSA
// signature (the request) and one verification (the answer); no client can cost less. Measured with node:crypto and
// KeyObjects in a tight loop, with the same keys and the same message sizes as the benchmarked call.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { v3Body } from './lib/clients.mjs';
import { isMain, measurement } from './lib/measurement.mjs';
import { startServer } from './lib/server.mjs';
import { summarize } from './lib/stats.mjs';
import { num, spread } from './lib/table.mjs';

/** One signed answer of the replay server, as the client verifies it: `<ts>\n<nonce>\n<body>\n` and its signature. */
export async function signedAnswer(server) {
  const response = await fetch(new URL('v3/marketing/busifavor/callbacks', server.replayUrl), { method: 'POST', body: '{}' });
  const body = await response.text();
  const header = (name) => response.headers.get(name);
  return {
    message: Buffer.from(`${header('wechatpay-timestamp')}\n${header('wechatpay-nonce')}\n${body}\n`),
    signature: Buffer.from(header('wechatpay-signature'), 'base64'),
  };
}

/** The request's signing message, `POST\n<target>\n<ts>\n<nonce>\n<body>\n`, at its real size. */
function requestMessage(material) {
  const ts = String(Math.floor(Date.now() / 1000));
  return Buffer.from(`POST\n/v3/marketing/busifavor/callbacks\n${ts}\n${'N'.repeat(32)}\n${JSON.stringify(v3Body(material))}\n`);
}

/** The floor with the call's own keys and messages: `round(n)` gives the CPU µs of a sign, a verify, and both. */
export function cryptoFloor(material, answer) {
  const privateKey = createPrivateKey(material.privateKeyPem);
  const publicKey = createPublicKey(material.platformPublicKeyPem);
  const request = requestMessage(material);
  if (!verify('sha256', answer.message, publicKey, answer.signature)) throw new Error('floor: the sample answer does not verify');
  let sink = 0;
  const time = (n, body) => {
    const start = process.cpuUsage();
    for (let i = 0; i < n; i++) body();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / n;
  };
  return {
    sizes: { request: request.length, response: answer.message.length },
    round(n) {
      const signUs = time(n, () => (sink += sign('sha256', request, privateKey).length));
      const verifyUs = time(n, () => (sink += verify('sha256', answer.message, publicKey, answer.signature) ? 1 : 0));
      if (sink < 0) throw new Error('unreachable');
      return { signUs, verifyUs, totalUs: signUs + verifyUs };
    },
  };
}

if (isMain(import.meta)) {
  await measurement(async ({ quick }) => {
    const server = await startServer();
    const answer = await signedAnswer(server);
    await server.close();
    const floor = cryptoFloor(server.material, answer);
    const rounds = quick ? 5 : 15;
    const n = quick ? 150 : 600;
    floor.round(n); // warm-up
    const samples = Array.from({ length: rounds }, () => floor.round(n));
    const signUs = summarize(samples.map((s) => s.signUs));
    const verifyUs = summarize(samples.map((s) => s.verifyUs));
    const totalUs = summarize(samples.map((s) => s.totalUs));
    return {
      title: 'Crypto floor: RSA-2048 SHA256withRSA sign + verify (node:crypto, KeyObjects, tight loop)',
      config: { rounds, iterationsPerRound: n, messageBytes: floor.sizes },
      rows: [
        { label: `sign (${floor.sizes.request} B message)`, value: spread(signUs, 'µs') },
        { label: `verify (${floor.sizes.response} B message)`, value: spread(verifyUs, 'µs') },
        { label: 'sign + verify', value: spread(totalUs, 'µs') },
        { label: 'ceiling: signed calls/s per core', value: num(1e6 / totalUs.median) },
      ],
      data: { signUs, verifyUs, totalUs, callsPerSecondPerCore: 1e6 / totalUs.median },
    };
  });
}
