// Measurement 4: the chain. (a) ns per cached `wxpay.v3.a.b.c` access (four property reads through the Proxy nodes),
// wechatpay-ts against wechatpay-axios-plugin, paired rounds; and the cost of a new node (`wxpay.v3.x.chain(id)`, a
// distinct id each time). (b) Heap after 10⁶ distinct ID segments that nobody keeps (`wxpay.v3.x.chain(id)` and
// `wxpay.v3.x[id]`), after full GCs: it must stay bounded; beside it the same ids kept alive (what a leak looks like),
// and the plugin, whose nodes are cached as properties for the life of the client. Needs --expose-gc.
import { setImmediate as tick } from 'node:timers/promises';
import { Builder } from 'wechatpay-ts';
import axiosPlugin from 'wechatpay-axios-plugin';
import { paired } from './lib/load.mjs';
import { isMain, measurement, status } from './lib/measurement.mjs';
import { summarize } from './lib/stats.mjs';
import { num } from './lib/table.mjs';
import { generateKeyPairSync } from 'node:crypto';

const BOUND_MB = 2; // growth allowed after 10⁶ dropped ids: the caches must not keep them

function clients() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const config = { mchid: '1900000100', serial: 'ABCDEF', privateKey, certs: { PUB_KEY_ID_0112233445566778899: publicKey } };
  return {
    ours: Builder.factory({ ...config, base_uri: 'http://127.0.0.1:9/' }),
    peer: new axiosPlugin.Wechatpay({ ...config, baseURL: 'http://127.0.0.1:9/' }),
  };
}

/** ns per `wxpay.v3.a.b.c` over n accesses. */
function accessNs(wxpay, n) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) if (wxpay.v3.a.b.c !== undefined) sink += 1;
  const ns = Number(process.hrtime.bigint() - start) / n;
  if (sink !== n) throw new Error('a node was undefined');
  return ns;
}

/** ns per new node, `wxpay.v3.x.chain(id)` for distinct ids (or `[id]` for the plugin, whose chain() does not cache). */
function createNs(make, n, offset) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) make(`id${offset + i}`);
  return Number(process.hrtime.bigint() - start) / n;
}

/** Collects until the heap stops shrinking; FinalizationRegistry callbacks run between collections. */
async function settledHeap() {
  let previous = Infinity;
  for (let i = 0; i < 20; i++) {
    globalThis.gc();
    await tick();
    const used = process.memoryUsage().heapUsed;
    if (used >= previous - 64 * 1024) return used;
    previous = used;
  }
  return previous;
}

/** Heap growth (MB) after `count` distinct ids through `make`, keeping them or not. */
async function heapGrowth(make, count, keep) {
  const base = await settledHeap();
  const kept = keep ? new Array(count) : undefined;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const node = make(`1217752501201407033233${String(i).padStart(7, '0')}`);
    if (kept !== undefined) kept[i] = node;
  }
  const seconds = (performance.now() - start) / 1000;
  const after = await settledHeap();
  const mb = (after - base) / 2 ** 20;
  if (kept !== undefined && kept.length !== count) throw new Error('unreachable');
  return { mb, bytesPerId: (after - base) / count, seconds };
}

export async function run({ quick }) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  const config = { rounds: quick ? 5 : 15, accessesPerRound: quick ? 100_000 : 2_000_000, distinctIds: quick ? 100_000 : 1_000_000, retainedIds: quick ? 100_000 : 200_000, pluginIds: quick ? 50_000 : 200_000 };
  const { ours, peer } = clients();
  accessNs(ours, config.accessesPerRound);
  accessNs(peer, config.accessesPerRound);
  const access = await paired(config.rounds, { ours: async () => accessNs(ours, config.accessesPerRound), peer: async () => accessNs(peer, config.accessesPerRound) });
  const oursAccess = summarize(access.ours);
  const peerAccess = summarize(access.peer);
  const createN = quick ? 20_000 : 200_000;
  const create = createNs((id) => ours.v3.x.chain(id), createN, 0);

  const unretainedChain = await heapGrowth((id) => ours.v3.x.chain(id), config.distinctIds, false);
  const unretainedProperty = await heapGrowth((id) => ours.v3.x[id], config.distinctIds, false);
  const retained = await heapGrowth((id) => ours.v3.y.chain(id), config.retainedIds, true);
  const pluginProperty = await heapGrowth((id) => peer.v3.x[id], config.pluginIds, false);
  const bounded = unretainedChain.mb <= BOUND_MB && unretainedProperty.mb <= BOUND_MB;
  const ids = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);
  return {
    title: 'The chain: cached access cost, and heap after many distinct ID segments (--expose-gc)',
    config,
    rows: [
      { label: 'cached wxpay.v3.a.b.c: wechatpay-ts', value: num(oursAccess.median, 'ns') },
      { label: 'cached wxpay.v3.a.b.c: axios plugin', value: num(peerAccess.median, 'ns') },
      { label: 'new node wxpay.v3.x.chain(id)', value: num(create, 'ns') },
      {
        label: `heap after ${ids(config.distinctIds)} dropped chain(id)`,
        value: `${num(unretainedChain.mb, 'MB')} (${num(unretainedChain.seconds, 's')} to make)`,
        target: `≤ ${BOUND_MB} MB`,
        status: status(unretainedChain.mb <= BOUND_MB),
      },
      { label: `heap after ${ids(config.distinctIds)} dropped x[id]`, value: num(unretainedProperty.mb, 'MB'), target: `≤ ${BOUND_MB} MB`, status: status(unretainedProperty.mb <= BOUND_MB) },
      { label: `ref: ${ids(config.retainedIds)} kept chain(id)`, value: `${num(retained.mb, 'MB')} (${num(retained.bytesPerId, 'B')}/id)` },
      { label: `ref: plugin, ${ids(config.pluginIds)} dropped x[id]`, value: `${num(pluginProperty.mb, 'MB')} (${num(pluginProperty.bytesPerId, 'B')}/id, never freed)` },
    ],
    data: { accessNs: { ours: oursAccess, peer: peerAccess }, newNodeNs: create, heapMb: { unretainedChain, unretainedProperty, retained, pluginProperty }, boundMb: BOUND_MB, bounded },
  };
}

if (isMain(import.meta)) await measurement(run);
