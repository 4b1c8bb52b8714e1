// Soak with the primary down half of the time: a primary sandbox that is closed (connections refused) and started
// again on the same port every 500 ms, and a backup sandbox with the same keys. 10,000 calls at concurrency 64, half
// GET (retried, failed over) and half POST without `idempotent` (failed over only when they provably never left).
// Every call must settle inside its deadline, answered or with a typed error; no POST body may reach the two
// sandboxes twice. `--quick`: 1,000 calls.
import { Builder, WechatpayError } from '../dist/index.js';
import { createTestPki, Sandbox } from '../dist/sandbox/index.js';
import { isMain, measurement, status } from './lib/measurement.mjs';

const CONCURRENCY = 64;
const TIMEOUT = 5;
const FLIP_MS = 500;
const query = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' };
const parking = (i) => ({ sub_mchid: '1900000109', brandid: 1000, appid: 'wx931386123456789e', openid: `o-${i}`, plate_number: '粤B888888', state: 'IN', time: '2022-06-01T10:43:39+08:00' });

export async function run({ quick }) {
  const total = quick ? 1000 : 10_000;
  const keys = { pki: createTestPki(), apiv3Key: 'k'.repeat(32), secret: 's'.repeat(32), rateLimit: 1e9 };
  const backup = await Sandbox.start(keys);
  let primary = await Sandbox.start(keys);
  const port = Number(new URL(primary.url).port);
  const primaries = [primary];
  let up = true;
  let flipping = true;
  const flipper = (async () => {
    while (flipping) {
      await new Promise((resolve) => setTimeout(resolve, FLIP_MS));
      if (up) {
        await primary.close();
        up = false;
      } else {
        try {
          primary = await Sandbox.start({ ...keys, port });
          primaries.push(primary);
          up = true;
        } catch {
          // the port is not free yet: stay down one more turn
        }
      }
    }
  })();
  const wxpay = Builder.factory({ ...backup.clientConfig(), base_uri: primary.url, backup_uri: backup.url, timeout: TIMEOUT });
  const outcomes = new Map();
  let slowest = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      let outcome;
      try {
        const res = i % 2 === 0 ? await wxpay.v3.vehicle.parking.services.find.get({ query }) : await wxpay.v3.businesscircle.parkings.post({ json: parking(i) });
        outcome = `${i % 2 === 0 ? 'GET' : 'POST'} ok (${res.attempts.length === 1 ? '1 attempt' : `${res.attempts.length} attempts`})`;
      } catch (error) {
        outcome = `${i % 2 === 0 ? 'GET' : 'POST'} ${error instanceof WechatpayError ? error.name : `UNTYPED ${error?.name}`}`;
      }
      slowest = Math.max(slowest, performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  flipping = false;
  await flipper;
  const bodies = new Map();
  for (const sandbox of [...primaries, backup]) {
    for (const request of sandbox.requests) {
      if (request.method === 'POST') bodies.set(request.text, (bodies.get(request.text) ?? 0) + 1);
    }
  }
  const duplicated = [...bodies.values()].filter((n) => n > 1).length;
  const toBackup = backup.requests.length;
  await wxpay.getDriver().close();
  await Promise.all([...primaries, backup].map((s) => s.close()));
  const untyped = [...outcomes].filter(([name]) => name.includes('UNTYPED')).reduce((sum, [, n]) => sum + n, 0);
  const byClass = Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1]));
  return {
    title: `Soak with the primary down half of the time: ${total} calls at c=${CONCURRENCY} (timeout ${TIMEOUT}s)`,
    config: { total, concurrency: CONCURRENCY, timeout: TIMEOUT, flipMs: FLIP_MS },
    rows: [
      { label: 'outcomes', value: JSON.stringify(byClass) },
      { label: 'requests the backup received', value: toBackup, status: 'info' },
      { label: 'untyped failures', value: untyped, target: '0', status: status(untyped === 0) },
      { label: 'POST bodies received twice', value: duplicated, target: '0', status: status(duplicated === 0) },
      { label: 'slowest call (ms)', value: Math.round(slowest), target: `≤ ${TIMEOUT * 1000} + 500`, status: status(slowest <= TIMEOUT * 1000 + 500) },
      { label: 'wall time (s)', value: seconds.toFixed(1), status: 'info' },
    ],
    data: { byClass, toBackup, untyped, duplicated, slowestMs: slowest, seconds },
  };
}

if (isMain(import.meta)) await measurement(run);
