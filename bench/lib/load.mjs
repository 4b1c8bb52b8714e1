// A closed-loop load generator: `concurrency` workers, each sending its next call when the previous one is answered.

/**
 * Runs `call` until `count` calls have started or `durationMs` has passed, with `concurrency` calls in flight.
 * Every call must succeed: the first failure rejects the run (a benchmark of failing calls measures nothing).
 * Returns the calls completed, the wall time, the client process's CPU time (user + system, all threads), and
 * each call's latency in ms.
 */
export async function closedLoop(call, { concurrency, count = Infinity, durationMs = Infinity }) {
  const latencies = [];
  let started = 0;
  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  async function worker() {
    while (started < count && performance.now() < deadline) {
      started += 1;
      const begin = performance.now();
      await call();
      latencies.push(performance.now() - begin);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpuStart);
  const calls = latencies.length;
  return {
    calls,
    elapsedMs,
    rps: (calls / elapsedMs) * 1000,
    cpuUs: cpu.user + cpu.system,
    cpuPerCallUs: (cpu.user + cpu.system) / calls,
    latencies,
  };
}

/**
 * Paired, interleaved rounds: runs each side once per round, alternating which goes first (A B, B A, A B …) so that
 * drift (thermal, other load, GC debt) falls on both sides alike. Returns each side's samples in round order.
 */
export async function paired(rounds, sides) {
  const names = Object.keys(sides);
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) samples[name].push(await sides[name](round));
  }
  return samples;
}
