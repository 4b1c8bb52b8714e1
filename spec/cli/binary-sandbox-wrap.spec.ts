// `wxpay sandbox --dir D -- <command>` as a CI job in any language runs it: a child process that starts a sandbox, runs
// the command with the sandbox in its environment, and leaves nothing running.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN, scratch, wxpay } from './helpers.js';

const dir = scratch('sandbox-wrap');

/** The wrapped command: prints its environment's sandbox variables and what it found there, then exits with argv[2]. */
const PROBE = join(dir, 'probe.mjs');
writeFileSync(
  PROBE,
  `
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const names = ['WXPAY_SANDBOX_URL', 'WXPAY_SANDBOX_HTTPS_URL', 'WXPAY_SANDBOX_CONTROL_URL', 'WXPAY_SANDBOX_DIR', 'WXPAY_CONFIG'];
const env = Object.fromEntries(names.map((name) => [name, process.env[name]]));
const files = ['apiclient_key.pem', 'apiclient_cert.pem', 'pub_key.pem', 'sandbox_ca.pem', 'apiv3_key.txt', 'apiv2_key.txt', 'sandbox.json', 'wxpay.json'];
const present = files.filter((name) => existsSync(join(env.WXPAY_SANDBOX_DIR, name)));
const index = await (await fetch(env.WXPAY_SANDBOX_CONTROL_URL)).json();
const config = JSON.parse(readFileSync(env.WXPAY_CONFIG, 'utf8'));
console.log(JSON.stringify({ env, present, index, base_uri: config.base_uri, pid: process.pid }));
if (process.argv[3] === 'wait') setInterval(() => {}, 1000);
else process.exitCode = Number(process.argv[2]);
`,
);

/** Whether something listens at a URL's port on 127.0.0.1. */
function listening(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether a process is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('wxpay sandbox -- <command> (child process)', () => {
  it('runs the command with the addresses and files in its environment, passes its exit code on and leaves nothing running', async () => {
    const run = await wxpay(['sandbox', '--dir', 'files', '--', process.execPath, PROBE, '7'], { cwd: dir });
    assert.equal(run.code, 7, run.stderr);
    const seen = JSON.parse(run.stdout);
    const { env } = seen;
    assert.match(env.WXPAY_SANDBOX_URL, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(env.WXPAY_SANDBOX_HTTPS_URL, /^https:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(env.WXPAY_SANDBOX_CONTROL_URL, `${env.WXPAY_SANDBOX_URL}__sandbox/`);
    assert.equal(env.WXPAY_SANDBOX_DIR, join(dir, 'files'));
    assert.equal(env.WXPAY_CONFIG, join(dir, 'files', 'wxpay.json'));
    assert.equal(seen.present.length, 8, `files present: ${seen.present.join(', ')}`);
    assert.equal(seen.index.url, env.WXPAY_SANDBOX_URL, 'the control API answered');
    assert.equal(seen.base_uri, env.WXPAY_SANDBOX_URL);
    assert.equal(await listening(env.WXPAY_SANDBOX_URL), false, 'the HTTP listener is closed');
    assert.equal(await listening(env.WXPAY_SANDBOX_HTTPS_URL), false, 'the HTTPS listener is closed');
    assert.ok(existsSync(env.WXPAY_CONFIG), '--dir is kept');
    assert.equal(JSON.parse(readFileSync(join(dir, 'files', 'sandbox.json'), 'utf8')).controlUrl, env.WXPAY_SANDBOX_CONTROL_URL);
  });

  it('exit code 0 passes through; without --dir the temporary folder is removed', async () => {
    const run = await wxpay(['sandbox', '--', process.execPath, PROBE, '0'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const { env } = JSON.parse(run.stdout);
    assert.equal(existsSync(env.WXPAY_SANDBOX_DIR), false);
  });

  it('a command that cannot be run: exit 127 and one line', async () => {
    const run = await wxpay(['sandbox', '--', 'wxpay-no-such-command-here'], { cwd: dir });
    assert.equal(run.code, 127);
    assert.equal(run.stderr, 'wxpay: cannot run "wxpay-no-such-command-here": command not found\n');
  });

  it('SIGTERM to wxpay: passed on to the command, then the sandbox stops; exit 128 + 15', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--', process.execPath, PROBE, '0', 'wait'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir } });
    let stdout = '';
    const line = new Promise<string>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve(stdout);
      });
    });
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const seen = JSON.parse(await line);
    assert.ok(alive(seen.pid));
    child.kill('SIGTERM');
    assert.equal(await exit, 143);
    assert.equal(alive(seen.pid), false, 'the command was stopped');
    assert.equal(await listening(seen.env.WXPAY_SANDBOX_URL), false, 'the sandbox was stopped');
    assert.equal(existsSync(seen.env.WXPAY_SANDBOX_DIR), false);
  });
});
