// Correctness sanity pass, before anything is timed: both clients against the REAL wechatpay-ts Sandbox (which checks
// every request signature over the exact bytes and signs every answer), and against the replay server used by the
// timed runs. It proves that both clients sign what the server accepts, that both verify answers (a tampered answer
// must be rejected), and that the replay server's answers verify. APIv2 against the real Sandbox is reported, not
// required (the Sandbox learns APIv2 with the APIv2 work).
import { ours, peer } from './lib/clients.mjs';
import { isMain, measurement } from './lib/measurement.mjs';
import { startServer } from './lib/server.mjs';

async function attempt(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error: `${error?.name ?? 'Error'}: ${String(error?.message ?? error).split('\n')[0].slice(0, 140)}` };
  }
}

export async function run({ quick }) {
  const calls = quick ? 5 : 20;
  const server = await startServer();
  const { material } = server;
  const rows = [];
  const data = {};
  const fail = [];
  try {
    for (const [name, make] of [['wechatpay-ts', ours], ['wechatpay-axios-plugin', peer]]) {
      const real = make(material, server.sandboxUrl);
      const replay = make(material, server.replayUrl);
      try {
        const before = (await server.sandboxRequests()).length;
        const answers = [];
        for (let i = 0; i < calls; i++) answers.push(await real.v3());
        const recorded = (await server.sandboxRequests()).slice(before);
        const authorized = recorded.filter((r) => r.authorized).length;
        const answered = answers.filter((a) => a.mchid === material.mchid && a.notify_url === material.notifyUrl).length;
        await server.fault('bad-signature');
        const tampered = await attempt(() => real.v3());
        const replayed = await attempt(() => replay.v3());
        const v2real = await attempt(() => real.v2());
        const v2replay = await attempt(() => replay.v2());
        const v3ok = authorized === calls && answered === calls && !tampered.ok && replayed.ok;
        if (!v3ok) fail.push(name);
        data[name] = { v3: { calls, authorized, answered, tamperedRejected: !tampered.ok, replayVerified: replayed.ok }, v2Sandbox: v2real.ok ? 'ok' : v2real.error, v2Replay: v2replay.ok ? 'ok' : v2replay.error };
        rows.push(
          { label: `${name}: v3 vs real Sandbox`, value: `${authorized}/${calls} signatures accepted, ${answered}/${calls} answers verified`, status: authorized === calls && answered === calls ? 'pass' : 'miss' },
          { label: `${name}: tampered answer`, value: tampered.ok ? 'ACCEPTED (does not verify!)' : `rejected (${tampered.error.slice(0, 60)})`, status: tampered.ok ? 'miss' : 'pass' },
          { label: `${name}: v3 vs replay server`, value: replayed.ok ? 'verified' : replayed.error, status: replayed.ok ? 'pass' : 'miss' },
          { label: `${name}: v2 vs replay / real Sandbox`, value: `${v2replay.ok ? 'ok' : v2replay.error.slice(0, 70)} / ${v2real.ok ? 'ok' : v2real.error.slice(0, 60)}` },
        );
      } finally {
        await Promise.all([real.close(), replay.close()]);
      }
    }
  } finally {
    await server.close();
  }
  if (fail.length > 0) throw new Error(`sanity pass failed for ${fail.join(', ')}: ${JSON.stringify(data)}`);
  return { title: 'Sanity: both clients against the real Sandbox and the replay server', config: { callsPerClient: calls }, rows, data };
}

if (isMain(import.meta)) await measurement(run);
