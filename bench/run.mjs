// The benchmark entry: `npm run bench` (full) or `npm run bench -- --quick` (proves the harness, well under a minute).
// `--only name[,name…]` runs some measurements; `--list` names them. Each measurement runs in its own node process
// (the benchmark server in yet another one); results print as tables and go to bench/results/latest.json.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { environment } from './lib/env.mjs';
import { CLIENT_SETUP } from './lib/clients.mjs';
import { printRows } from './lib/table.mjs';

const HERE = new URL('./', import.meta.url);

/** The measurements, in run order. `optional`: skipped when the file does not exist (owned by another area). */
const MEASUREMENTS = [
  { name: 'sanity', file: 'sanity.mjs', about: 'both clients vs the real Sandbox and the replay server' },
  { name: 'crypto-floor', file: 'crypto-floor.mjs', about: 'RSA-2048 sign + verify, tight loop' },
  { name: 'v3-call', file: 'v3-call.mjs', about: '1. client CPU per APIv3 call vs the floor (≤ 1.25×)' },
  { name: 'throughput', file: 'throughput.mjs', about: '2. req/s, p50, p99 at c=1/16/64 vs wechatpay-axios-plugin (≥ 2× at 16)' },
  { name: 'v2-call', file: 'v2-call.mjs', about: '3. APIv2 pieces and whole call vs wechatpay-axios-plugin' },
  { name: 'chain', file: 'chain.mjs', about: '4. cached access ns; heap after 10⁶ distinct ids (bounded)', execArgv: ['--expose-gc'] },
  {
    name: 'bill-download',
    file: 'bill-download.mjs',
    about: '5. 500 MB gzip bill download: RSS growth ≤ 64 MB, MB/s (16 MB in --quick)',
    args: (quick) => (quick ? ['--size-mb', '16'] : []),
    report: 'results/bill-download.json',
    optional: true,
  },
  { name: 'import-time', file: 'import-time.mjs', about: '6. import time vs the three runtime dependencies (≤ +10 ms)' },
  { name: 'soak', file: 'soak.mjs', about: '7. 10,000 calls at c=64 with ~1 % of each socket fault: all typed, fds and heap flat', execArgv: ['--expose-gc'] },
  { name: 'soak-failover', file: 'soak-failover.mjs', about: '8. the same with the primary down half of the time: typed, inside the deadline, no write twice' },
];

function parseArgs(argv) {
  const options = { quick: false, only: [], list: false, out: fileURLToPath(new URL('results/latest.json', HERE)) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--list') options.list = true;
    else if (arg === '--only') options.only.push(...(argv[++i] ?? '').split(','));
    else if (arg.startsWith('--only=')) options.only.push(...arg.slice(7).split(','));
    else if (arg === '--out') options.out = argv[++i];
    else throw new Error(`unknown argument ${arg} (use --quick, --only name[,name], --list, --out file)`);
  }
  const unknown = options.only.filter((name) => !MEASUREMENTS.some((m) => m.name === name));
  if (unknown.length > 0) throw new Error(`unknown measurement ${unknown.join(', ')}; --list names them`);
  return options;
}

/**
 * Runs one measurement script in its own process. It answers over IPC with `{ type: 'result', result }` (or
 * `{ type: 'error', message }`); a script that does not use IPC may print its result JSON as the last stdout line.
 */
function runScript(measurement, { quick }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const env = { ...process.env, BENCH_QUICK: quick ? '1' : '0' };
    const args = measurement.args === undefined ? (quick ? ['--quick'] : []) : measurement.args(quick);
    const child = fork(new URL(measurement.file, HERE), args, { execArgv: measurement.execArgv ?? [], env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let stdout = '';
    let message;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('message', (m) => (message = m));
    const limit = setTimeout(() => child.kill(), (quick ? 120 : 1800) * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      const seconds = Number(((performance.now() - started) / 1000).toFixed(1));
      if (message?.type === 'result') return resolve({ ...message.result, seconds });
      if (message?.type === 'error') return resolve({ error: message.message, seconds });
      if (message !== undefined && message.type === undefined) return resolve({ ...foreign(message), seconds });
      const report = measurement.report === undefined ? undefined : readReport(new URL(measurement.report, HERE), started);
      if (report !== undefined) return resolve({ ...billDownload(report, stdout), seconds });
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        if (code === 0) return resolve({ ...foreign(JSON.parse(last)), seconds });
      } catch {
        // not JSON: fall through
      }
      resolve({ error: `exited with ${signal ?? code}${stdout ? `; stdout: ${stdout.trim().slice(-400)}` : ''}`, seconds });
    });
  });
}

/** A JSON report the script wrote during this run (modified after `started`), if any. */
function readReport(url, started) {
  const path = fileURLToPath(url);
  if (!existsSync(path) || statSync(path).mtimeMs < performance.timeOrigin + started) return undefined;
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** bench/bill-download.mjs's own report (bench/results/bill-download.json) as rows. */
function billDownload(report, stdout) {
  const r = report.results ?? {};
  return {
    title: `Bill download: ${r.billMb} MB gzip bill through downloadBill, digest checked (bench/bill-download.mjs)`,
    config: report.config,
    rows: [
      { label: 'client peak RSS growth', value: `${r.clientRssGrowthMb} MB (baseline ${r.clientRssBaselineMb} MB)`, target: `≤ ${r.targetMb} MB`, status: r.pass ? 'pass' : 'miss' },
      { label: 'download throughput', value: `${r.downloadMBps} MB/s (end to end ${r.endToEndMBps} MB/s)` },
      { label: 'sandbox peak RSS (server process)', value: `${r.sandboxRssPeakMb} MB` },
    ],
    data: report,
    stdout: stdout.trim(),
  };
}

/** A result from a script that does not follow the { title, rows, data } shape: kept whole, shown as one row. */
function foreign(result) {
  if (Array.isArray(result?.rows)) return result;
  return { title: 'Bill download (bench/bill-download.mjs)', rows: [{ label: 'result', value: JSON.stringify(result).slice(0, 160) }], data: result };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.list) {
    for (const m of MEASUREMENTS) console.log(`${m.name.padEnd(14)} ${m.about}${m.optional ? ' (if the file exists)' : ''}`);
    return;
  }
  const env = environment();
  console.log(`wechatpay-ts benchmarks${options.quick ? ' (QUICK: provisional numbers, harness check only)' : ''}`);
  console.log(`  node ${env.node} (v8 ${env.v8}, openssl ${env.openssl}) on ${env.platform}`);
  console.log(`  cpu ${env.cpu} × ${env.cores}; load average ${env.loadAverage.join(' ')}`);
  console.log(`  packages ${Object.entries(env.packages).map(([name, version]) => `${name}@${version}`).join(', ')}`);
  if (env.loadAverage[0] > env.cores * 0.25) console.log(`  WARNING: the machine is busy (load ${env.loadAverage[0]} on ${env.cores} cores); numbers will be noisy.`);
  for (const [name, setup] of Object.entries(CLIENT_SETUP)) console.log(`  ${name}: ${setup}`);

  const selected = MEASUREMENTS.filter((m) => options.only.length === 0 || options.only.includes(m.name));
  const results = {};
  for (const measurement of selected) {
    if (!existsSync(new URL(measurement.file, HERE))) {
      if (measurement.optional) {
        console.log(`\n(${measurement.name}: bench/${measurement.file} not present, skipped)`);
        results[measurement.name] = { skipped: `bench/${measurement.file} not present` };
        continue;
      }
    }
    const result = { ...(await runScript(measurement, options)), quick: options.quick, at: new Date().toISOString() };
    results[measurement.name] = result;
    if (result.error !== undefined) {
      console.log(`\n${measurement.name}: ERROR\n  ${result.error.split('\n').slice(0, 6).join('\n  ')}`);
    } else {
      printRows(`${result.title}  [${result.seconds} s]`, result.rows);
    }
  }

  // --only: the other measurements keep their last results in the file
  const previous = options.only.length > 0 && existsSync(options.out) ? JSON.parse(readFileSync(options.out, 'utf8')).results ?? {} : {};
  const merged = { ...previous, ...results };
  const ordered = Object.fromEntries(MEASUREMENTS.filter((m) => m.name in merged).map((m) => [m.name, merged[m.name]]));
  const summary = [];
  for (const [name, result] of Object.entries(ordered)) {
    if (result.error !== undefined) summary.push({ label: name, value: 'error', status: 'error' });
    for (const row of result.rows ?? []) if (row.target !== undefined || row.status === 'rerun') summary.push({ ...row, label: `${name}: ${row.label}` });
  }
  const anyQuick = Object.values(ordered).some((r) => r.quick);
  printRows(`Targets${anyQuick ? ' (quick run: provisional; take final numbers on a quiet machine with `npm run bench`)' : ''}`, summary);

  mkdirSync(fileURLToPath(new URL('results/', HERE)), { recursive: true });
  const file = { schema: 1, generatedAt: new Date().toISOString(), provisional: anyQuick, env, clients: CLIENT_SETUP, summary, results: ordered };
  writeFileSync(options.out, `${JSON.stringify(file, null, 1)}\n`);
  console.log(`\nwrote ${options.out}`);
  if (Object.values(results).some((r) => r.error !== undefined)) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
