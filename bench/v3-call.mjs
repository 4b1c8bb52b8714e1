// Measurement 1: client CPU per signed and verified APIv3 call, against the crypto floor.
// wechatpay-ts sends POST /v3/marketing/busifavor/callbacks at concurrency 16 to the replay server (another process);
// process.cpuUsage() over each round of N calls (all threads of the client process) divided by N, paired and
// interleaved with a round of the floor (one RSA-2048 sign + one verify per call, same keys, same message sizes).
// Three reference clients run in the same rounds to show where the time goes: undici.request alone (no crypto), a
// hand-written minimal signed client (node:crypto + undici, no SDK), wechatpay-ts with signer and verifier removed, and
// wechatpay-ts with `offload_signing: false` (every signature on the event loop, no threadpool hand-off); and
// wechatpay-ts with one subscriber on every diagnostics channel, subscribed for its own rounds only (channels are
// process-wide), against the plain rounds that have none.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { CHANNELS } from '../dist/index.js';
import { cryptoFloor, signedAnswer } from './crypto-floor.mjs';
import { ours } from './lib/clients.mjs';
import { closedLoop, paired } from './lib/load.mjs';
import { isMain, measurement, status } from './lib/measurement.mjs';
import { references } from './lib/minimal.mjs';
import { serverSpan, startServer } from './lib/server.mjs';
import { pairedRatio, summarize } from './lib/stats.mjs';
import { num, spread } from './lib/table.mjs';

const TARGET_RATIO = 1.25;

/** Runs `round` with one listener (counting the events) subscribed to every diagnostics channel. */
async function subscribed(round) {
  let events = 0;
  const listener = () => {
    events += 1;
  };
  const names = Object.values(CHANNELS);
  for (const name of names) subscribe(name, listener);
  try {
    const us = await round();
    if (events === 0) throw new Error('the subscriber saw no event');
    return us;
  } finally {
    for (const name of names) unsubscribe(name, listener);
  }
}
const CONCURRENCY = 16;

export async function run({ quick }) {
  const config = { concurrency: CONCURRENCY, rounds: quick ? 4 : 15, callsPerRound: quick ? 250 : 2000, warmupCalls: quick ? 400 : 3000 };
  const server = await startServer();
  const client = ours(server.material, server.replayUrl);
  const bare = ours(server.material, server.replayUrl);
  const onLoop = ours(server.material, server.replayUrl, { offload_signing: false });
  const pipeline = bare.wxpay.getDriver().select('v3');
  pipeline.remove('signer').remove('verifier');
  const refs = references(server.material, server.replayUrl);
  const floor = cryptoFloor(server.material, await signedAnswer(server));
  const calls = { ours: client.v3, oursOnLoop: onLoop.v3, minimal: refs.minimal, oursNoCrypto: bare.v3, raw: refs.raw };
  try {
    for (const call of Object.values(calls)) await closedLoop(call, { concurrency: CONCURRENCY, count: config.warmupCalls });
    floor.round(config.warmupCalls / 4);
    const serverUs = [];
    const connections = [];
    const cpuPerCall = (call) => async () => (await closedLoop(call, { concurrency: CONCURRENCY, count: config.callsPerRound })).cpuPerCallUs;
    const samples = await paired(config.rounds, {
      floor: async () => floor.round(config.callsPerRound).totalUs,
      ours: async () => {
        const span = await serverSpan(server);
        const us = await cpuPerCall(client.v3)();
        const used = await span();
        serverUs.push(used.cpuUs / used.requests);
        connections.push(used.connections);
        return us;
      },
      oursOnLoop: cpuPerCall(onLoop.v3),
      oursSubscribed: () => subscribed(cpuPerCall(client.v3)),
      minimal: cpuPerCall(refs.minimal),
      oursNoCrypto: cpuPerCall(bare.v3),
      raw: cpuPerCall(refs.raw),
    });
    const s = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, summarize(values)]));
    const ratio = pairedRatio(samples.ours, samples.floor);
    const minimalRatio = pairedRatio(samples.minimal, samples.floor);
    const onLoopRatio = pairedRatio(samples.oursOnLoop, samples.floor);
    const subscribedRatio = pairedRatio(samples.oursSubscribed, samples.ours);
    const serverCpu = summarize(serverUs);
    const newConnections = connections.reduce((a, b) => a + b, 0);
    return {
      title: `APIv3 call: client CPU per signed + verified call at concurrency ${CONCURRENCY}, vs the crypto floor`,
      config: { ...config, call: 'POST /v3/marketing/busifavor/callbacks → 200 JSON, signed (replay server, own process)', messageBytes: floor.sizes },
      rows: [
        { label: 'wechatpay-ts client CPU / call', value: spread(s.ours, 'µs') },
        { label: 'crypto floor (sign + verify, tight loop)', value: spread(s.floor, 'µs') },
        { label: 'ratio to the floor (paired rounds)', value: `${num(ratio.median)}× (IQR ${num(ratio.p25)}–${num(ratio.p75)})`, target: `≤ ${TARGET_RATIO}×`, status: status(ratio.median <= TARGET_RATIO) },
        { label: 'signed calls/s per client core', value: num(1e6 / s.ours.median) },
        { label: 'ref: wechatpay-ts, offload_signing: false', value: `${spread(s.oursOnLoop, 'µs')} = ${num(onLoopRatio.median)}× floor` },
        { label: 'ref: wechatpay-ts, one subscriber on every diagnostics channel', value: `${spread(s.oursSubscribed, 'µs')} = ${num(subscribedRatio.median)}× (IQR ${num(subscribedRatio.p25)}–${num(subscribedRatio.p75)}) of no subscriber` },
        { label: 'ref: minimal client, no SDK (crypto + undici)', value: `${spread(s.minimal, 'µs')} = ${num(minimalRatio.median)}× floor` },
        { label: 'ref: wechatpay-ts without signer/verifier', value: spread(s.oursNoCrypto, 'µs') },
        { label: 'ref: undici.request alone (no crypto)', value: spread(s.raw, 'µs') },
        { label: 'server CPU / call (replay process)', value: spread(serverCpu, 'µs') },
        { label: 'new connections during timed rounds', value: String(newConnections) },
      ],
      data: {
        clientCpuPerCallUs: s.ours,
        floorUs: s.floor,
        ratio,
        target: TARGET_RATIO,
        met: ratio.median <= TARGET_RATIO,
        callsPerSecondPerCore: 1e6 / s.ours.median,
        references: { oursSubscribedUs: s.oursSubscribed, oursSubscribedRatio: subscribedRatio, oursOnLoopUs: s.oursOnLoop, oursOnLoopRatio: onLoopRatio, minimalUs: s.minimal, minimalRatio, oursWithoutCryptoUs: s.oursNoCrypto, undiciRequestUs: s.raw },
        serverCpuPerCallUs: serverCpu,
        newConnections,
      },
    };
  } finally {
    await Promise.all([client.close(), bare.close(), onLoop.close(), refs.close()]);
    await server.close();
  }
}

if (isMain(import.meta)) await measurement(run);
