import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';

// What a new user gets: the repository as a fresh clone has it (no dist/), packed with `npm pack` (whose `prepack`
// must build first), the tarball installed into a scratch project, then used from ESM and CommonJS scripts and
// typechecked by TypeScript projects under every module setting a user may have. No network: the scratch clone and
// the scratch project use the repository's installed node_modules instead of fetching anything.
const root = join(import.meta.dirname, '..', '..');
const modules = join(root, 'node_modules');
const scratch = mkdtempSync(join(tmpdir(), 'wechatpay-ts-tarball-'));
const clone = join(scratch, 'clone');
const project = join(scratch, 'project');
const installed = join(project, 'node_modules', 'wechatpay-ts');
let tarball = '';
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string, timeout = 60_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
}

function ok(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what}: exit ${String(result.status)}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Runs in parallel (two cores in CI): resolves with the exit code and the output. */
function runAsync(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The files a fresh clone has: no build output, no installed modules, no local scratch folders. */
function inClone(path: string): boolean {
  const parts = relative(root, path).split(sep);
  const top = parts[0] ?? '';
  return !['node_modules', 'dist', '.git', 'coverage'].includes(top) && !parts.some((part) => part.startsWith('.docs-examples') || part === '.scratch');
}

before(() => {
  cpSync(root, clone, { recursive: true, filter: inClone });
  symlinkSync(modules, join(clone, 'node_modules'), 'dir');
  const packed = ok(run('npm', ['pack', '--json', '--pack-destination', scratch], clone, 120_000), 'npm pack').trim();
  const report = JSON.parse(packed.slice(packed.search(/^\[/m))) as { filename: string }[];
  tarball = join(scratch, basename(report[0].filename));
  mkdirSync(installed, { recursive: true });
  ok(run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], scratch), 'tar');
  // The dependencies (and TypeScript's Node types) from the repository's install, as `npm install` would place them.
  for (const name of ['undici', 'fast-xml-parser', 'tweetnacl-util', '@types/node']) {
    mkdirSync(join(project, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(modules, name), join(project, 'node_modules', name), 'dir');
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', dependencies: { 'wechatpay-ts': `file:${tarball}` } }));
});

const ESM = `import { Builder } from 'wechatpay-ts';
import { Sandbox } from 'wechatpay-ts/sandbox';
const sandbox = await Sandbox.start();
const res = await Builder.factory(sandbox.clientConfig()).v3.vehicle.parking.services.find.get({ query: { appid: 'wx1', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' } });
console.log(res.status, res.json().plate_number);
await sandbox.close();
`;

const CJS = `const { Builder } = require('wechatpay-ts');
const { Sandbox } = require('wechatpay-ts/sandbox');
(async () => {
  const sandbox = await Sandbox.start();
  const res = await Builder.factory(sandbox.clientConfig()).v3.vehicle.parking.services.find.get({ query: { appid: 'wx1', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' } });
  console.log(res.status, res.json().plate_number);
  await sandbox.close();
})();
`;

/** Imports both entry points and uses their types; no top-level await, so it is valid as CommonJS too. */
const TYPED = `import { Builder, Rsa, type ClientConfig, type WechatpayResponse } from 'wechatpay-ts';
import { Sandbox, type SandboxClientConfig } from 'wechatpay-ts/sandbox';

export async function plate(): Promise<string> {
  const sandbox = await Sandbox.start();
  const config: SandboxClientConfig = sandbox.clientConfig();
  const client: ClientConfig = { ...config, privateKey: Rsa.from(config.privateKey, Rsa.KEY_TYPE_PRIVATE) };
  const res: WechatpayResponse = await Builder.factory(client).v3.vehicle.parking.services.find.get({ query: { appid: 'wx1', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' } });
  await sandbox.close();
  return res.json<{ plate_number: string }>().plate_number;
}
`;

// nodenext also checks the package's declaration files themselves (skipLibCheck: false, ESM and CommonJS trees);
// the other settings check how the user's file resolves and types, which is what differs between them.
const PROJECTS: Record<string, { options: Record<string, unknown>; files: string[] }> = {
  nodenext: { options: { module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false }, files: ['typed.ts', 'typed.mts', 'typed.cts'] },
  node16: { options: { module: 'node16', moduleResolution: 'node16' }, files: ['typed.mts', 'typed.cts'] },
  bundler: { options: { module: 'esnext', moduleResolution: 'bundler' }, files: ['typed.ts'] },
  'commonjs (node10)': { options: { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' }, files: ['typed.ts'] },
};

describe('the packed tarball, installed into a scratch project', () => {
  it('npm pack on a fresh clone builds first (prepack) and ships dist/, both entry points for import and require, and the LICENSE', () => {
    const files = ok(run('tar', ['-tzf', tarball], scratch), 'tar -t').split('\n');
    for (const file of ['LICENSE', 'README.md', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'dist/sandbox/index.js', 'dist/sandbox/index.cjs', 'dist/sandbox/index.d.ts', 'dist/sandbox/index.d.cts', 'dist/cli/main.js', 'bin/wxpay.js']) {
      assert.ok(files.includes(`package/${file}`), `${file} is missing from the tarball`);
    }
  });

  it('are-the-types-wrong finds no problem (default profile: node10, node16 from CJS and ESM, bundler)', () => {
    ok(run(process.execPath, [join(modules, '@arethetypeswrong', 'cli', 'dist', 'index.js'), tarball, '--format', 'ascii'], scratch), 'attw');
  });

  it('publint --strict finds nothing to fix', () => {
    const out = ok(run(process.execPath, [join(modules, 'publint', 'src', 'cli.js'), '--strict', '--pack', 'false', installed], scratch), 'publint');
    assert.match(out, /All good/);
  });

  it('an ES module script makes a sandbox call', () => {
    writeFileSync(join(project, 'esm.mjs'), ESM);
    const result = run(process.execPath, ['esm.mjs'], project);
    assert.equal(ok(result, 'esm.mjs').trim(), '200 粤B888888');
    assert.equal(result.stderr, '');
  });

  it('a CommonJS script makes a sandbox call with require()', () => {
    writeFileSync(join(project, 'cjs.cjs'), CJS);
    const result = run(process.execPath, ['cjs.cjs'], project);
    assert.equal(ok(result, 'cjs.cjs').trim(), '200 粤B888888');
    assert.equal(result.stderr, '', 'no warning either');
  });

  it('TypeScript typechecks a file importing both entry points under nodenext, node16 (.mts and .cts), bundler and commonjs/node10', async () => {
    for (const extension of ['ts', 'mts', 'cts']) writeFileSync(join(project, `typed.${extension}`), TYPED);
    const tsc = join(modules, 'typescript', 'bin', 'tsc');
    const names = Object.keys(PROJECTS);
    const results = await Promise.all(
      names.map((name, index) => {
        const { options, files } = PROJECTS[name];
        const config = `tsconfig.${String(index)}.json`;
        const compilerOptions = { target: 'es2022', strict: true, noEmit: true, types: ['node'], skipLibCheck: true, ...options };
        writeFileSync(join(project, config), JSON.stringify({ compilerOptions, files }));
        return runAsync(process.execPath, [tsc, '-p', config], project);
      }),
    );
    const failures = results.flatMap((result, index) => (result.code === 0 ? [] : [`${names[index]}:\n${result.output}`]));
    assert.deepEqual(failures, []);
    assert.deepEqual(readdirSync(project).filter((f) => f.endsWith('.js')), [], 'noEmit: nothing was written');
  });
});
