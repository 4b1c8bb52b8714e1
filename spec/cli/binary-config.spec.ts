// Where `wxpay` finds its configuration, and what it says when a piece is missing: the built binary, in a child process.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { FIND_QUERY, noStack, scratch, writeSandboxConfig, wxpay } from './helpers.js';

const dir = scratch('config');
const keys = join(dir, 'keys');
let sandbox: Sandbox;
let file: Record<string, unknown>;
let env: Record<string, string>;
const find = ['v3/vehicle/parking/services/find', ...FIND_QUERY];
const nowhere = 'http://127.0.0.1:9/';

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  const config = writeSandboxConfig(sandbox, keys);
  file = JSON.parse(readFileSync(config, 'utf8'));
  const [platform] = Object.keys(file.certs as object);
  env = {
    WECHATPAY_MCHID: sandbox.mchid,
    WECHATPAY_SERIAL: sandbox.merchantSerial,
    WECHATPAY_PRIVATE_KEY: 'keys/apiclient_key.pem',
    WECHATPAY_CERTS: `${platform}=keys/pub_key.pem`,
    WECHATPAY_BASE_URI: sandbox.url,
  };
});
after(() => sandbox.close());

/** A folder holding a wxpay.json with `settings`, its key paths relative to it. */
function folderWith(name: string, settings: Record<string, unknown>, at = 'wxpay.json'): string {
  const folder = join(dir, name);
  mkdirSync(join(folder, at, '..'), { recursive: true });
  for (const key of ['apiclient_key.pem', 'pub_key.pem']) copyFileSync(join(keys, key), join(folder, at, '..', key));
  writeFileSync(join(folder, at), JSON.stringify(settings));
  return folder;
}

function ok(run: { code: number | null; stdout: string; stderr: string }) {
  assert.equal(run.code, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).plate_number, '粤B888888');
}

describe('wxpay configuration', () => {
  it('from the environment alone, paths relative to the working folder', async () => {
    ok(await wxpay(find, { cwd: dir, env }));
  });

  it('from ./wxpay.json, key paths relative to the file', async () => {
    ok(await wxpay(find, { cwd: folderWith('local', file) }));
  });

  it('from ~/.config/wxpay/config.json', async () => {
    const home = folderWith('home', file, join('.config', 'wxpay', 'config.json'));
    ok(await wxpay(find, { cwd: dir, home }));
  });

  it('from --config FILE elsewhere, its key paths relative to it, not to the working folder', async () => {
    const elsewhere = folderWith('elsewhere', file);
    ok(await wxpay(['--config', join(elsewhere, 'wxpay.json'), ...find], { cwd: dir }));
    ok(await wxpay(['-c', '../elsewhere/wxpay.json', ...find], { cwd: join(dir, 'local') }));
  });

  it('./wxpay.json before ~/.config/wxpay/config.json', async () => {
    const home = folderWith('home-broken', { ...file, base_uri: nowhere }, join('.config', 'wxpay', 'config.json'));
    ok(await wxpay(find, { cwd: folderWith('local-first', file), home }));
  });

  it('flags over environment over file', async () => {
    const cwd = folderWith('stack', { ...file, base_uri: nowhere });
    assert.equal((await wxpay(find, { cwd })).code, 3, 'the file alone points nowhere');
    ok(await wxpay(find, { cwd, env: { WECHATPAY_BASE_URI: sandbox.url } }));
    const flagged = await wxpay([...find, '--base-uri', nowhere], { cwd, env: { WECHATPAY_BASE_URI: sandbox.url } });
    assert.equal(flagged.code, 3, 'the flag wins over the environment');
    ok(await wxpay([...find, '-u', sandbox.url], { cwd, env: { WECHATPAY_BASE_URI: nowhere } }));
    const wrongSerial = await wxpay(find, { cwd, env: { WECHATPAY_BASE_URI: sandbox.url, WECHATPAY_SERIAL: 'ABCDEF' } });
    assert.equal(wrongSerial.code, 1, 'the environment serial wins over the file: the sandbox refuses it');
    assert.match(wrongSerial.stderr, /401 SIGN_ERROR/);
    ok(await wxpay([...find, '--serial', sandbox.merchantSerial], { cwd, env: { WECHATPAY_BASE_URI: sandbox.url, WECHATPAY_SERIAL: 'ABCDEF' } }));
  });

  it('each setting by flag', async () => {
    const [platform] = Object.keys(file.certs as object);
    const flags = ['--mchid', sandbox.mchid, '--serial', sandbox.merchantSerial, '--private-key', 'keys/apiclient_key.pem', '--cert', `${platform}=keys/pub_key.pem`, '--base-uri', sandbox.url];
    ok(await wxpay([...find, ...flags], { cwd: dir }));
  });
});

describe('wxpay configuration errors: exit 2, one line naming what to fix', () => {
  function configError(run: { code: number | null; stdout: string; stderr: string }, message: RegExp) {
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^wxpay: [^\n]+\n$/);
    assert.match(run.stderr, message);
    assert.ok(noStack(run.stderr));
    assert.ok(!run.stderr.includes(sandbox.secret));
  }

  it('a missing key file names the setting and where it was set', async () => {
    configError(await wxpay(find, { cwd: dir, env: { ...env, WECHATPAY_PRIVATE_KEY: 'keys/missing.pem' } }), /^wxpay: privateKey \(from WECHATPAY_PRIVATE_KEY\): cannot read .*keys\/missing\.pem: no such file\.\n$/);
    const cwd = folderWith('missing-cert', { ...file, certs: { PUB_KEY_ID_0000: 'gone.pem' } });
    configError(await wxpay(find, { cwd }), /^wxpay: certs\.PUB_KEY_ID_0000 \(from .*wxpay\.json\): cannot read .*gone\.pem: no such file\.\n$/);
  });

  it('no configuration at all', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    configError(await wxpay(find, { cwd: empty }), /^wxpay: No configuration: pass --config FILE/);
  });
});
