// `wxpay sandbox` as a user runs it: a child process serving until interrupted, called by another `wxpay`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FIND_QUERY, PARKING, scratch, startSandboxProcess, wxpay } from './helpers.js';

const dir = scratch('sandbox');

/** Starts `wxpay sandbox …` in the spec's folder. */
const startSandbox = (args: string[]) => startSandboxProcess(args, dir);

describe('wxpay sandbox (child process)', () => {
  it('serves a ready configuration until SIGINT, then exits 0 and removes its temporary folder', async () => {
    const sandbox = await startSandbox([]);
    assert.match(sandbox.stdout(), /^wxpay sandbox: http:\/\/127\.0\.0\.1:\d+\/ \(mchid 1900000100, public-key mode\)\nhttps: https:\/\/127\.0\.0\.1:\d+\/ .*\ncontrol: http:\/\/127\.0\.0\.1:\d+\/__sandbox\/\n/);
    assert.match(sandbox.stdout(), new RegExp(`^try: wxpay --config ${sandbox.config} v3/vehicle/parking/services/find -q appid=`, 'm'));
    const found = await wxpay(['--config', sandbox.config, 'v3/vehicle/parking/services/find', ...FIND_QUERY]);
    assert.equal(found.code, 0, found.stderr);
    assert.equal(JSON.parse(found.stdout).service_state, 'NORMAL');
    const parked = await wxpay(['--config', sandbox.config, 'v3/businesscircle/parkings', '--json', PARKING]);
    assert.deepEqual(parked, { code: 0, stdout: '', stderr: '' });
    sandbox.child.kill('SIGINT');
    assert.equal(await sandbox.exit, 0);
    assert.equal(sandbox.stderr(), 'wxpay: sandbox stopped (SIGINT)\n');
    assert.equal(existsSync(sandbox.config), false, 'the temporary folder is removed');
  });

  it('--port and --dir: the files stay, and SIGTERM stops it too', async () => {
    const sandbox = await startSandbox(['--dir', 'here', '--port', '0']);
    assert.equal(sandbox.config, join(dir, 'here', 'wxpay.json'));
    const config = JSON.parse(readFileSync(sandbox.config, 'utf8'));
    assert.deepEqual(Object.keys(config), ['mchid', 'serial', 'privateKey', 'certs', 'secret', 'apiv3Key', 'base_uri']);
    const folder = join(dir, 'here');
    const names = ['apiclient_cert.pem', 'apiclient_key.pem', 'apiv2_key.txt', 'apiv3_key.txt', 'platform_key.pem', 'pub_key.pem', 'sandbox.json', 'sandbox_ca.pem', 'wxpay.json'];
    assert.deepEqual(readdirSync(folder).sort(), names);
    for (const name of readdirSync(folder)) assert.equal(statSync(join(folder, name)).mode & 0o777, 0o600, `${name} is the owner's only`);
    const secrets = JSON.parse(readFileSync(join(folder, 'sandbox.json'), 'utf8'));
    assert.deepEqual(Object.keys(secrets), ['mchid', 'platformSerial', 'platformKey', 'apiv3Key', 'secret', 'serial', 'files', 'url', 'httpsUrl', 'controlUrl']);
    assert.deepEqual(Object.keys(config.certs), [secrets.platformSerial]);
    assert.equal((await wxpay(['v3/vehicle/parking/services/find', ...FIND_QUERY], { cwd: join(dir, 'here') })).code, 0, './wxpay.json is found');
    sandbox.child.kill('SIGTERM');
    assert.equal(await sandbox.exit, 0);
    assert.ok(existsSync(sandbox.config), '--dir is kept');
    const gone = await wxpay(['--config', sandbox.config, 'v3/vehicle/parking/services/find', ...FIND_QUERY]);
    assert.equal(gone.code, 3, 'nothing listens any more');
  });
});
