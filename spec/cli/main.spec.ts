import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { COMMANDS } from '../../lib/cli/commands/index.js';
import { main } from '../../lib/cli/main.js';
import { VERSION } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { FIND_QUERY, memoryIo, scratch, writeSandboxConfig } from './helpers.js';

const dir = scratch('main');
const pki = createTestPki();
let sandbox: Sandbox;
let config: string;
before(async () => {
  sandbox = await Sandbox.start({ pki });
  config = writeSandboxConfig(sandbox, join(dir, 'config'));
});
after(() => sandbox.close());

describe('cli main(): help and version', () => {
  it('--help and -h list every command, the configuration and the exit codes', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { io, stdout, stderr } = memoryIo({ cwd: dir });
      assert.equal(await main([flag], io), 0);
      assert.equal(stderr(), '');
      for (const command of COMMANDS.slice(1)) assert.match(stdout(), new RegExp(`wxpay ${command.name} \\[options\\]`));
      assert.match(stdout(), /wxpay <path> \[options\]/);
      assert.match(stdout(), /WECHATPAY_PRIVATE_KEY/);
      assert.match(stdout(), /Exit codes: 0 success, 1 WeChat Pay error/);
    }
  });

  it("help <command> and <command> --help show the command's options and examples", async () => {
    for (const argv of [['help', 'sandbox'], ['sandbox', '--help'], ['sandbox', '-h']]) {
      const { io, stdout } = memoryIo({ cwd: dir });
      assert.equal(await main(argv, io), 0);
      assert.match(stdout(), /^Usage: wxpay sandbox \[--port N\]/);
      assert.match(stdout(), /-p, --port N/);
      assert.match(stdout(), /Examples:\n {2}wxpay sandbox\n/);
    }
    const { io, stdout } = memoryIo({ cwd: dir });
    assert.equal(await main(['v3/pay/transactions/native', '--help'], io), 0);
    assert.match(stdout(), /^Usage: wxpay <path> \[-X METHOD\]/);
    assert.match(stdout(), /-q, --query k=v/);
  });

  it('help for an unknown command is a usage error', async () => {
    const { io, stderr } = memoryIo({ cwd: dir });
    assert.equal(await main(['help', 'nope'], io), 2);
    assert.equal(stderr(), 'wxpay: No command "nope"; the commands are request, crt, bill, sandbox, notify, typegen. (see wxpay --help)\n');
  });

  it('--version and -V print the version alone', async () => {
    for (const flag of ['--version', '-V']) {
      const { io, stdout } = memoryIo({ cwd: dir });
      assert.equal(await main([flag], io), 0);
      assert.equal(stdout(), `${VERSION}\n`);
    }
  });

  it('no arguments: the overview on stderr, exit 2', async () => {
    const { io, stdout, stderr } = memoryIo({ cwd: dir });
    assert.equal(await main([], io), 2);
    assert.equal(stdout(), '');
    assert.match(stderr(), /^wxpay \d+\.\d+\.\d+: call the WeChat Pay/);
  });
});

describe('cli main(): output', () => {
  it('pretty-prints JSON on a terminal', async () => {
    const { io, stdout } = memoryIo({ cwd: dir, tty: true });
    assert.equal(await main(['--config', config, 'v3/vehicle/parking/services/find', ...FIND_QUERY], io), 0);
    assert.match(stdout(), /^\{\n {2}"plate_number": "粤B888888",\n/);
  });

  it('prints one line otherwise', async () => {
    const { io, stdout } = memoryIo({ cwd: dir, tty: false });
    assert.equal(await main(['--config', config, 'v3/vehicle/parking/services/find', ...FIND_QUERY], io), 0);
    assert.match(stdout(), /^\{"plate_number":"粤B888888",.*\}\n$/);
  });
});

describe('cli main(): wxpay sandbox', () => {
  it('writes the files into --dir, serves until stopped, and keeps the folder', async () => {
    const folder = join(dir, 'kept');
    let stop!: (signal: string) => void;
    const { io, stdout, stderr } = memoryIo({ cwd: dir, stop: new Promise((resolve) => (stop = resolve)) });
    const running = main(['sandbox', '--dir', 'kept', '--mode', 'certificate'], io);
    while (!stdout().includes('Ctrl+C')) await new Promise((resolve) => setTimeout(resolve, 20));
    const written = JSON.parse(readFileSync(join(folder, 'wxpay.json'), 'utf8'));
    assert.match(stdout(), new RegExp(`^wxpay sandbox: ${written.base_uri} \\(mchid 1900000100, certificate mode\\)\\nhttps: .+\\ncontrol: ${written.base_uri}__sandbox/\\nconfig: ${join(folder, 'wxpay.json')}\\ntry: wxpay --config `));
    const [serial] = Object.keys(written.certs);
    assert.ok(existsSync(join(folder, `wechatpay_${serial}.pem`)));
    const call = memoryIo({ cwd: dir });
    assert.equal(await main(['--config', join(folder, 'wxpay.json'), 'v3/vehicle/parking/services/find', ...FIND_QUERY], call.io), 0, call.stderr());
    stop('SIGINT');
    assert.equal(await running, 0);
    assert.equal(stderr(), 'wxpay: sandbox stopped (SIGINT)\n');
    assert.ok(existsSync(join(folder, 'wxpay.json')), '--dir is kept');
    const after = memoryIo({ cwd: dir });
    assert.equal(await main(['--config', join(folder, 'wxpay.json'), 'v3/vehicle/parking/services/find', ...FIND_QUERY], after.io), 3, 'the sandbox is gone');
  });

  it('removes the temporary folder it made', async () => {
    const { io, stdout } = memoryIo({ cwd: dir });
    assert.equal(await main(['sandbox'], io), 0);
    const path = /^config: (.+)$/m.exec(stdout())?.[1];
    assert.ok(path !== undefined && path.includes('wxpay-sandbox-'), stdout());
    assert.equal(existsSync(path), false);
  });

  it('refuses a port in use and an unknown mode', async () => {
    const port = new URL(sandbox.url).port;
    const busy = memoryIo({ cwd: dir });
    assert.equal(await main(['sandbox', '--port', port], busy.io), 2);
    assert.equal(busy.stderr(), `wxpay: --port ${port} is in use: choose another, or leave --port out for a free one. (see wxpay sandbox --help)\n`);
    const mode = memoryIo({ cwd: dir });
    assert.equal(await main(['sandbox', '--mode', 'v2'], mode.io), 2);
    assert.match(mode.stderr(), /--mode takes public-key or certificate, got "v2"/);
    const stray = memoryIo({ cwd: dir });
    assert.equal(await main(['sandbox', 'extra'], stray.io), 2);
    assert.match(stray.stderr(), /^wxpay: Unexpected argument 'extra': put the command to run after --, e\.g\. wxpay sandbox -- npm test\. \(see wxpay sandbox --help\)\n$/);
  });
});
