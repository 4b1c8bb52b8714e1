// Measurement 3: the APIv2 call (seed 002, POST /vehicle/pay/notification, HMAC-SHA256), wechatpay-ts against
// wechatpay-axios-plugin, in two parts:
// - the pieces, in-process (no network): sign (ksort → k=v&… → HMAC-SHA256), toXml, parse, verify (re-sign the
//   parsed answer, constant-time compare), each library with its own public building blocks, paired rounds;
// - the whole call against the replay server (signed XML answer, own process) at concurrency 16: client CPU per call
//   and req/s, paired rounds. It uses the documented API, `wxpay.v2.vehicle.pay.notification.post({ xml })` with
//   `secret` in the config; if wechatpay-ts cannot make the call yet, the part reports `rerun` with the error.
import { Formatter, Hash, Transformer } from 'wechatpay-ts';
import axiosPlugin from 'wechatpay-axios-plugin';
import { ours, peer, v2Data } from './lib/clients.mjs';
import { closedLoop, paired } from './lib/load.mjs';
import { isMain, measurement } from './lib/measurement.mjs';
import { serverSpan, startServer } from './lib/server.mjs';
import { pairedRatio, summarize } from './lib/stats.mjs';
import { num, spread } from './lib/table.mjs';

const CONCURRENCY = 16;
const TYPE = 'HMAC-SHA256';

/** The four pieces of an APIv2 call, for each library, over the request data and the server's XML answer. */
function pieces(material, answerXml) {
  const data = { ...v2Data(material), nonce_str: 'N'.repeat(32) };
  const secret = material.secret;
  const peerKey = axiosPlugin.Hash.keyObjectFrom(Buffer.from(secret)); // as the plugin holds the APIv2 key
  const oursSign = (thing) => Hash.sign(TYPE, Formatter.queryStringLike(Formatter.ksort(thing)), secret);
  const signed = { ...data, sign: oursSign(data) };
  const requestXml = Transformer.toXml(signed);
  const parsed = Transformer.toArray(answerXml);
  const P = axiosPlugin;
  return {
    ours: {
      sign: () => oursSign(data),
      toXml: () => Transformer.toXml(signed),
      parse: () => Transformer.toArray(answerXml),
      verify: () => Hash.equals(oursSign(parsed), parsed.sign),
    },
    peer: {
      sign: () => P.Hash.sign(TYPE, data, peerKey),
      toXml: () => P.Transformer.toXml(signed),
      parse: () => P.Transformer.toObject(answerXml),
      verify: () => P.Hash.equals(P.Hash.sign(TYPE, parsed, peerKey), parsed.sign),
    },
    check() {
      const ok = [Hash.equals(oursSign(parsed), parsed.sign), P.Hash.equals(P.Hash.sign(TYPE, parsed, peerKey), parsed.sign), P.Transformer.toXml(signed) === requestXml];
      if (ok.includes(false)) throw new Error(`v2 pieces disagree: ${JSON.stringify(ok)}`);
    },
  };
}

/** `1.3× faster` / `1.6× slower`, from plugin time ÷ our time. */
const faster = (ratio) => (ratio >= 1 ? `${num(ratio)}× faster` : `${num(1 / ratio)}× slower`);

/** CPU µs per call of a synchronous function over n calls. */
function cpuPerOp(fn, n) {
  let sink = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) sink += fn() ? 1 : 0;
  const used = process.cpuUsage(start);
  if (sink < 0) throw new Error('unreachable');
  return (used.user + used.system) / n;
}

export async function run({ quick }) {
  const config = {
    pieces: { rounds: quick ? 3 : 15, iterations: quick ? 1500 : 20000 },
    call: { concurrency: CONCURRENCY, rounds: quick ? 3 : 10, callsPerRound: quick ? 300 : 4000, warmupCalls: quick ? 300 : 4000 },
    request: 'POST /vehicle/pay/notification (v2/ stripped), HMAC-SHA256, seed 002 data → signed XML answer (replay server, own process)',
  };
  const server = await startServer();
  const rows = [];
  const data = {};
  try {
    // Part 1: the pieces
    const set = pieces(server.material, server.bodies.v2);
    set.check();
    const names = ['sign', 'toXml', 'parse', 'verify'];
    for (const name of names) {
      for (const lib of ['ours', 'peer']) cpuPerOp(set[lib][name], config.pieces.iterations); // warm-up
      const samples = await paired(config.pieces.rounds, {
        ours: async () => cpuPerOp(set.ours[name], config.pieces.iterations),
        peer: async () => cpuPerOp(set.peer[name], config.pieces.iterations),
      });
      const ratio = pairedRatio(samples.peer, samples.ours);
      data[name] = { oursUs: summarize(samples.ours), peerUs: summarize(samples.peer), speedup: ratio };
      rows.push({ label: `${name}: wechatpay-ts vs plugin`, value: `${num(data[name].oursUs.median, 'µs')} vs ${num(data[name].peerUs.median, 'µs')} (${faster(ratio.median)})` });
    }
    const total = (lib) => names.reduce((sum, name) => sum + data[name][`${lib}Us`].median, 0);
    rows.push({ label: 'pieces total per call', value: `${num(total('ours'), 'µs')} vs ${num(total('peer'), 'µs')}` });

    // Part 2: the whole call
    const clients = { ours: ours(server.material, server.replayUrl), peer: peer(server.material, server.replayUrl) };
    try {
      const check = {};
      for (const [name, client] of Object.entries(clients)) {
        try {
          const answer = await client.v2();
          check[name] = answer?.user_state === 'NORMAL' ? 'ok' : `unexpected answer ${JSON.stringify(answer)}`;
        } catch (error) {
          check[name] = `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
        }
      }
      if (check.peer !== 'ok') throw new Error(`wechatpay-axios-plugin v2 call failed: ${check.peer}`);
      if (check.ours !== 'ok') {
        data.call = { status: 'rerun', reason: check.ours };
        rows.push({ label: `whole call, c=${CONCURRENCY}`, value: `wechatpay-ts cannot make the call yet: ${check.ours.slice(0, 120)}`, status: 'rerun' });
      } else {
        for (const client of Object.values(clients)) await closedLoop(client.v2, { concurrency: CONCURRENCY, count: config.call.warmupCalls });
        const cpu = { ours: [], peer: [] };
        const serverCpu = [];
        const side = (name) => async () => {
          const span = await serverSpan(server);
          const result = await closedLoop(clients[name].v2, { concurrency: CONCURRENCY, count: config.call.callsPerRound });
          const used = await span();
          serverCpu.push(used.cpuUs / used.requests);
          cpu[name].push(result.cpuPerCallUs);
          return result.rps;
        };
        const rps = await paired(config.call.rounds, { ours: side('ours'), peer: side('peer') });
        const cpuRatio = pairedRatio(cpu.peer, cpu.ours);
        data.call = {
          status: 'ok',
          oursCpuPerCallUs: summarize(cpu.ours),
          peerCpuPerCallUs: summarize(cpu.peer),
          cpuRatio,
          oursRps: summarize(rps.ours),
          peerRps: summarize(rps.peer),
          serverCpuPerCallUs: summarize(serverCpu),
        };
        rows.push(
          { label: `whole call CPU/call, c=${CONCURRENCY}`, value: `${spread(data.call.oursCpuPerCallUs, 'µs')} vs ${spread(data.call.peerCpuPerCallUs, 'µs')} (${num(cpuRatio.median)}× less)` },
          { label: `whole call req/s, c=${CONCURRENCY}`, value: `${spread(data.call.oursRps)} vs ${spread(data.call.peerRps)}; server ${num(data.call.serverCpuPerCallUs.median, 'µs')} CPU/call` },
        );
      }
    } finally {
      await Promise.all(Object.values(clients).map((client) => client.close()));
    }
    return { title: 'APIv2 call cost: wechatpay-ts vs wechatpay-axios-plugin (values: ours vs plugin)', config, rows, data };
  } finally {
    await server.close();
  }
}

if (isMain(import.meta)) await measurement(run);
