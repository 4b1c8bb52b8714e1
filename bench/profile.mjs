// Profiles one measurement with `node --cpu-prof` and prints where the client's time goes: self time by package and
// by function, and the inclusive time of the SDK's main steps. The benchmark server runs unprofiled in its own
// process. `import-time` profiles a single `await import('wechatpay-ts')` instead.
//
//   npm run build && node bench/profile.mjs v3-call [--quick] [--top 30] [--keep]
//
// Profiles are written to a temporary directory (printed; removed unless --keep) and can be opened in Chrome DevTools.
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarizeProfile } from './lib/cpuprofile.mjs';

const FOCUS = ['signer', 'verifier', 'verifyResponse', 'sign', 'verify', 'nonce', 'prepareRequest', 'expandTemplate', '#send', 'summary', 'toArray', 'toXml', 'json', 'request'];
const SCRIPTS = { 'crypto-floor': [], 'v3-call': [], throughput: [], 'v2-call': [], chain: ['--expose-gc'], sanity: [] };

const args = process.argv.slice(2);
const name = args.find((arg) => !arg.startsWith('--') && !/^\d+$/.test(arg));
const top = Number(args[args.indexOf('--top') + 1]) || 25;
if (name === undefined || (!(name in SCRIPTS) && name !== 'import-time')) {
  console.error(`usage: node bench/profile.mjs <${[...Object.keys(SCRIPTS), 'import-time'].join('|')}> [--quick] [--top n] [--keep]`);
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), `wechatpay-ts-${name}-`));
const profileArgs = ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'];

if (name === 'import-time') {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const script = "await Promise.all([import('undici'), import('fast-xml-parser'), import('tweetnacl-util')]); const t = performance.now(); await import('wechatpay-ts'); console.log(`import after dependencies: ${(performance.now() - t).toFixed(1)} ms`);";
  process.stdout.write(execFileSync(process.execPath, [...profileArgs, '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
} else {
  await new Promise((resolve, reject) => {
    const child = fork(new URL(`${name}.mjs`, import.meta.url), args.includes('--quick') ? ['--quick'] : [], { execArgv: [...SCRIPTS[name], ...profileArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (message) => {
      if (message.type === 'error') reject(new Error(message.message));
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${name} exited with ${code}`))));
  });
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const summary = summarizeProfile(join(dir, file), { top, focus: FOCUS });
  console.log(`\n${file}: ${summary.totalMs.toFixed(0)} ms sampled`);
  console.log('\nself time by package (% of samples)');
  for (const row of summary.packages.slice(0, 12)) console.log(`  ${String(row.pct).padStart(5)}  ${row.name}`);
  console.log('\nself time by function');
  for (const row of summary.self) console.log(`  ${String(row.pct).padStart(5)}  ${row.name}`);
  console.log('\ninclusive time of selected functions');
  for (const row of summary.inclusive.filter((r) => r.pct > 0)) console.log(`  ${String(row.pct).padStart(5)}  ${row.name}`);
}
if (args.includes('--keep')) console.log(`\nprofiles kept in ${dir}`);
else rmSync(dir, { recursive: true, force: true });
