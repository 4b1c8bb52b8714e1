// `wxpay sandbox` as a user runs it: a child process serving until interrupted, called by another `wxpay`.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, FIND_QUERY, PARKING, scratch, wxpay } from './helpers.js';

const dir = scratch('sandbox');

/** Starts `wxpay sandbox …` and resolves once it has printed its config path. */
function startSandbox(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; config: string; stdout: () => string; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir } });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const config = /^config: (.+)$/m.exec(stdout)?.[1];
      if (config !== undefined && stdout.includes('Ctrl+C')) resolve({ child, config, stdout: () => stdout, stderr: () => stderr, exit });
    });
    void exit.then((code) => reject(new Error(`wxpay sandbox exited ${code}: ${stderr}`)));
  });
}

describe('wxpay sandbox (child process)', () => {
  it('serves a ready configuration until SIGINT, then exits 0 and removes its temporary folder', async () => {
    const sandbox = await startSandbox([]);
    assert.match(sandbox.stdout(), /^wxpay sandbox: http:\/\/127\.0\.0\.1:\d+\/ \(mchid 1900000100, public-key mode\)\n/);
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
    assert.equal((await wxpay(['v3/vehicle/parking/services/find', ...FIND_QUERY], { cwd: join(dir, 'here') })).code, 0, './wxpay.json is found');
    sandbox.child.kill('SIGTERM');
    assert.equal(await sandbox.exit, 0);
    assert.ok(existsSync(sandbox.config), '--dir is kept');
    const gone = await wxpay(['--config', sandbox.config, 'v3/vehicle/parking/services/find', ...FIND_QUERY]);
    assert.equal(gone.code, 3, 'nothing listens any more');
  });
});
