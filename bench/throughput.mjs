// Measurement 2: throughput and latency of the APIv3 call at concurrency 1, 16 and 64, wechatpay-ts against
// wechatpay-axios-plugin on the same replay server (another process) in the same run: paired, interleaved rounds of a
// fixed duration (A B, B A, …). Reports req/s (median of rounds and IQR), the per-pair ratio, pooled p50/p99 latency,
// the client CPU per call of each, and the server's CPU per call beside it. A third side, wechatpay-ts with
// `offload_signing: false` (every signature on the event loop), runs in the same rounds to show what signing in
// libuv's threadpool while other calls are in flight (the default) is worth.
import { ours, peer } from './lib/clients.mjs';
import { closedLoop, paired } from './lib/load.mjs';
import { isMain, measurement, status } from './lib/measurement.mjs';
import { serverSpan, startServer } from './lib/server.mjs';
import { latency, pairedRatio, summarize } from './lib/stats.mjs';
import { num, spread } from './lib/table.mjs';

const TARGET_RATIO = 2;
const TARGET_CONCURRENCY = 16;
const CONCURRENCIES = [1, 16, 64];

export async function run({ quick }) {
  const config = { concurrencies: CONCURRENCIES, rounds: quick ? 3 : 8, roundMs: quick ? 250 : 2000, warmupMs: quick ? 250 : 2000 };
  const server = await startServer();
  const clients = {
    ours: ours(server.material, server.replayUrl),
    onLoop: ours(server.material, server.replayUrl, { offload_signing: false }),
    peer: peer(server.material, server.replayUrl),
  };
  const NAMES = Object.keys(clients);
  const rows = [];
  const data = {};
  try {
    for (const [name, client] of Object.entries(clients)) {
      const answer = await client.v3();
      if (answer.mchid !== server.material.mchid) throw new Error(`${name}: unexpected answer ${JSON.stringify(answer)}`);
    }
    for (const concurrency of CONCURRENCIES) {
      for (const client of Object.values(clients)) await closedLoop(client.v3, { concurrency, durationMs: config.warmupMs });
      const latencies = Object.fromEntries(NAMES.map((name) => [name, []]));
      const cpu = Object.fromEntries(NAMES.map((name) => [name, []]));
      const serverCpu = [];
      const newConnections = Object.fromEntries(NAMES.map((name) => [name, 0]));
      const side = (name) => async () => {
        const span = await serverSpan(server);
        const result = await closedLoop(clients[name].v3, { concurrency, durationMs: config.roundMs });
        const used = await span();
        serverCpu.push(used.cpuUs / used.requests);
        newConnections[name] += used.connections;
        latencies[name].push(...result.latencies);
        cpu[name].push(result.cpuPerCallUs);
        return result.rps;
      };
      const rps = await paired(config.rounds, Object.fromEntries(NAMES.map((name) => [name, side(name)])));
      const ratio = pairedRatio(rps.ours, rps.peer);
      const onLoopRatio = pairedRatio(rps.onLoop, rps.peer);
      const offloadGain = pairedRatio(rps.ours, rps.onLoop);
      const result = {};
      for (const name of NAMES) {
        result[name] = { rps: summarize(rps[name]), latencyMs: latency(latencies[name]), cpuPerCallUs: summarize(cpu[name]) };
      }
      data[`c${concurrency}`] = { ...result, ratio, onLoopRatio, offloadGain, serverCpuPerCallUs: summarize(serverCpu), newConnections };
      const isTarget = concurrency === TARGET_CONCURRENCY;
      const lat = (name) => `p50 ${num(result[name].latencyMs.p50, 'ms')}, p99 ${num(result[name].latencyMs.p99, 'ms')}`;
      rows.push(
        { label: `c=${concurrency}  wechatpay-ts`, value: `${spread(result.ours.rps, 'req/s')}; ${lat('ours')}; ${num(result.ours.cpuPerCallUs.median, 'µs')} CPU/call` },
        { label: `c=${concurrency}  wechatpay-axios-plugin`, value: `${spread(result.peer.rps, 'req/s')}; ${lat('peer')}; ${num(result.peer.cpuPerCallUs.median, 'µs')} CPU/call` },
        {
          label: `c=${concurrency}  ref: ours, offload_signing: false`,
          value: `${spread(result.onLoop.rps, 'req/s')}; ${lat('onLoop')}; ${num(result.onLoop.cpuPerCallUs.median, 'µs')} CPU/call; ${num(onLoopRatio.median)}× the plugin; offloading ${num(offloadGain.median)}×`,
        },
        {
          label: `c=${concurrency}  throughput ratio (paired)`,
          value: `${num(ratio.median)}× (IQR ${num(ratio.p25)}–${num(ratio.p75)}); server ${num(summarize(serverCpu).median, 'µs')} CPU/call; new conns ${newConnections.ours}/${newConnections.onLoop}/${newConnections.peer}`,
          target: isTarget ? `≥ ${TARGET_RATIO}×` : undefined,
          status: isTarget ? status(ratio.median >= TARGET_RATIO) : 'info',
        },
      );
    }
    const met = data[`c${TARGET_CONCURRENCY}`].ratio.median >= TARGET_RATIO;
    return {
      title: 'APIv3 throughput and latency: wechatpay-ts vs wechatpay-axios-plugin (same server, same run, paired rounds)',
      config: { ...config, call: 'POST /v3/marketing/busifavor/callbacks → 200 JSON, signed (replay server, own process)' },
      rows,
      data: { ...data, target: { concurrency: TARGET_CONCURRENCY, ratio: TARGET_RATIO, met } },
    };
  } finally {
    await Promise.all(Object.values(clients).map((client) => client.close()));
    await server.close();
  }
}

if (isMain(import.meta)) await measurement(run);
