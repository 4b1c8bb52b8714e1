// Soak: 10,000 calls at concurrency 64 against the sandbox with about 1 % of each socket-level fault armed (a server
// that never answers, drips its body, floods 102 Processing, resets before or in the middle of the answer, sends an
// oversized or an endless body). Every call must settle inside its deadline with a typed error (a WechatpayError
// subclass) or an answer; no unhandled rejection; file descriptors and heap flat from before to after.
// `--quick`: 1,000 calls.
import { readdirSync } from 'node:fs';
import { Builder, WechatpayError } from '../dist/index.js';
import { Sandbox } from '../dist/sandbox/index.js';
import { isMain, measurement, status } from './lib/measurement.mjs';

const FAULTS = ['hang', { kind: 'drip', ms: 200 }, { kind: 'flood-1xx', ms: 200 }, 'reset-before-answer', 'reset-mid-answer', { kind: 'oversized', bytes: 2 * 1024 * 1024 }, 'endless'];
const RATE = 0.01;
const CONCURRENCY = 64;
const TIMEOUT = 2;
const query = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' };

const fds = () => readdirSync('/proc/self/fd').length;
const heapMb = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

export async function run({ quick }) {
  const total = quick ? 1000 : 10_000;
  const unhandled = [];
  const onUnhandled = (error) => unhandled.push(String(error));
  process.on('unhandledRejection', onUnhandled);
  const sandbox = await Sandbox.start({ rateLimit: 1e9 });
  const wxpay = Builder.factory({ ...sandbox.clientConfig(), timeout: TIMEOUT, read_timeout: 1, max_response_size: 1024 * 1024 });
  const find = () => wxpay.v3.vehicle.parking.services.find.get({ query });
  // warm up at full concurrency, so the keep-alive pool is as large before as after
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = 0; i < 5; i += 1) await find();
  }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = { fds: fds(), heapMb: heapMb() };
  const outcomes = new Map();
  let slowest = 0;
  let armed = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      next += 1;
      for (const fault of FAULTS) {
        if (Math.random() < RATE) {
          sandbox.fault(fault);
          armed += 1;
        }
      }
      const t0 = performance.now();
      let outcome;
      try {
        const res = await find();
        outcome = `ok ${res.status}`;
      } catch (error) {
        outcome = error instanceof WechatpayError ? error.name : `UNTYPED ${error?.name ?? typeof error}`;
      }
      slowest = Math.max(slowest, performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  sandbox.reset();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = 0; i < 5; i += 1) await find();
  }));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = { fds: fds(), heapMb: heapMb() };
  await wxpay.getDriver().close();
  await sandbox.close();
  process.off('unhandledRejection', onUnhandled);
  const untyped = [...outcomes].filter(([name]) => name.startsWith('UNTYPED')).reduce((sum, [, n]) => sum + n, 0);
  const byClass = Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1]));
  return {
    title: `Soak: ${total} calls at c=${CONCURRENCY}, ~1 % of each of ${FAULTS.length} socket faults (timeout ${TIMEOUT}s)`,
    config: { total, concurrency: CONCURRENCY, rate: RATE, timeout: TIMEOUT },
    rows: [
      { label: 'outcomes', value: JSON.stringify(byClass) },
      { label: 'faults armed', value: armed },
      { label: 'untyped failures', value: untyped, target: '0', status: status(untyped === 0) },
      { label: 'unhandled rejections', value: unhandled.length, target: '0', status: status(unhandled.length === 0) },
      { label: 'slowest call (ms)', value: Math.round(slowest), target: `≤ ${TIMEOUT * 1000} + 500`, status: status(slowest <= TIMEOUT * 1000 + 500) },
      { label: 'file descriptors before → after', value: `${before.fds} → ${after.fds}`, target: 'no growth (≤ +8)', status: status(after.fds - before.fds <= 8) },
      { label: 'heap MB before → after (after gc)', value: `${before.heapMb.toFixed(1)} → ${after.heapMb.toFixed(1)}`, target: 'flat (+16 MB)', status: status(after.heapMb - before.heapMb <= 16) },
      { label: 'wall time (s)', value: seconds.toFixed(1), status: 'info' },
    ],
    data: { byClass, armed, untyped, unhandled: unhandled.slice(0, 5), slowestMs: slowest, before, after, seconds },
  };
}

if (isMain(import.meta)) await measurement(run);
