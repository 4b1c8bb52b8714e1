/**
 * `wxpay sandbox`: runs the loopback WeChat Pay sandbox with a ready configuration until interrupted, or for the time
 * a wrapped command runs (`wxpay sandbox -- <command> [args…]`).
 *
 * @module
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Sandbox } from '../../sandbox/sandbox.js';
import type { SandboxMode } from '../../sandbox/keys.js';
import { stringOption } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { LOCAL_CONFIG } from '../config/file.js';
import { ExitCode } from '../exit.js';
import { fsReason, resolvePath } from '../files.js';
import type { CliIo } from '../io.js';
import { CA_FILE, sandboxFiles } from '../sandbox-files.js';
import { shellQuote } from '../shell-quote.js';
import { UsageError } from '../usage-error.js';
import { runWrapped } from '../wrapped-command.js';

/** The example call printed once the sandbox runs. */
const EXAMPLE = ['v3/vehicle/parking/services/find', '-q', 'appid=wx931386123456789e', '-q', 'sub_mchid=1900000109', '-q', 'plate_number=粤B888888', '-q', 'plate_color=BLUE', '-q', 'openid=oUpF8uMuAJOM2pxb1Q'];

/** The modes, as `--mode` takes them. */
const MODES: readonly SandboxMode[] = ['public-key', 'certificate'];

/**
 * `--port`: a whole number from 0 (any free port) to 65535.
 *
 * @throws UsageError otherwise
 */
export function parsePort(given: string | undefined): number {
  if (given === undefined) return 0;
  const port = Number(given);
  if (!/^\d+$/.test(given) || port > 65535) throw new UsageError(`--port takes a port number from 0 to 65535, got ${JSON.stringify(given)}.`, 'sandbox');
  return port;
}

function parseMode(given: string | undefined): SandboxMode {
  const mode = MODES.find((known) => known === (given ?? 'public-key'));
  if (mode === undefined) throw new UsageError(`--mode takes ${MODES.join(' or ')}, got ${JSON.stringify(given)}.`, 'sandbox');
  return mode;
}

async function start(port: number, mode: SandboxMode): Promise<Sandbox> {
  // loaded here, so that API calls (the other commands) do not load the emulator
  const { Sandbox } = await import('../../sandbox/sandbox.js');
  try {
    return await Sandbox.start({ port, mode });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EADDRINUSE') throw new UsageError(`--port ${port} is in use: choose another, or leave --port out for a free one.`, 'sandbox');
    throw error;
  }
}

/** The folder to write into: `--dir` (created if needed, kept), or a new temporary one (removed at the end). */
function prepareFolder(given: string | undefined, io: CliIo): { path: string; owned: boolean } {
  if (given === undefined) return { path: mkdtempSync(join(tmpdir(), 'wxpay-sandbox-')), owned: true };
  const path = resolvePath(given, io.cwd, io.home);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new UsageError(`--dir ${given}: cannot create ${path}: ${fsReason(error)}.`, 'sandbox');
  }
  return { path, owned: false };
}

/** Writes the sandbox's files into the folder (readable by the owner only) and returns the path of `wxpay.json`. */
function writeFiles(sandbox: Sandbox, folder: string): string {
  for (const { name, content } of sandboxFiles(sandbox)) writeFileSync(join(folder, name), content, { mode: 0o600 });
  return join(folder, LOCAL_CONFIG);
}

/** What `wxpay sandbox` prints once it serves: the URLs, the config path (`config: …`) and a call to paste. */
export function banner(sandbox: Pick<Sandbox, 'url' | 'httpsUrl' | 'controlUrl' | 'mchid' | 'mode'>, config: string): string {
  return [
    `wxpay sandbox: ${sandbox.url} (mchid ${sandbox.mchid}, ${sandbox.mode} mode)`,
    `https: ${sandbox.httpsUrl} (mutual TLS; trust ${join(dirname(config), CA_FILE)})`,
    `control: ${sandbox.controlUrl}`,
    `config: ${config}`,
    `try: ${['wxpay', '--config', config, ...EXAMPLE].map(shellQuote).join(' ')}`,
    'Ctrl+C stops it.',
    '',
  ].join('\n');
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const port = parsePort(stringOption(args, 'port'));
  const mode = parseMode(stringOption(args, 'mode'));
  const sandbox = await start(port, mode);
  let folder: { path: string; owned: boolean } | undefined;
  try {
    folder = prepareFolder(stringOption(args, 'dir'), io);
    const config = writeFiles(sandbox, folder.path);
    if (args.positionals.length > 0) {
      const environment = { WXPAY_SANDBOX_URL: sandbox.url, WXPAY_SANDBOX_HTTPS_URL: sandbox.httpsUrl, WXPAY_SANDBOX_CONTROL_URL: sandbox.controlUrl, WXPAY_SANDBOX_DIR: folder.path, WXPAY_CONFIG: config };
      return await runWrapped(args.positionals, environment, io);
    }
    io.stdout.write(banner(sandbox, config));
    const signal = await io.untilStopped();
    io.stderr.write(`wxpay: sandbox stopped (${signal})\n`);
    return ExitCode.OK;
  } finally {
    await sandbox.close();
    if (folder?.owned === true) rmSync(folder.path, { recursive: true, force: true });
  }
}

/** `wxpay sandbox [--port N] [--dir FOLDER] [--mode public-key|certificate] [-- COMMAND [ARGS…]]`. */
export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'Run the loopback WeChat Pay sandbox with a ready configuration',
  usage: 'wxpay sandbox [--port N] [--dir FOLDER] [--mode public-key|certificate] [-- COMMAND [ARGS...]]',
  description: [
    'Starts the WeChat Pay emulator on 127.0.0.1 with fresh test keys, writes the merchant key and API certificate,',
    'WeChat Pay\'s public key (or platform certificate), the CA of its HTTPS listener, the APIv3 and APIv2 keys and a',
    'wxpay.json for it into the folder, with the sandbox\'s own keys and addresses (platform_key.pem, sandbox.json),',
    'prints its HTTP, HTTPS and control API addresses, the config path and an example call, and serves until Ctrl+C',
    '(SIGINT) or SIGTERM. The files are readable by you only. A temporary folder is removed when it stops; --dir is kept.',
    'With -- COMMAND, it runs the command instead (its environment has WXPAY_SANDBOX_URL, WXPAY_SANDBOX_HTTPS_URL,',
    'WXPAY_SANDBOX_CONTROL_URL, WXPAY_SANDBOX_DIR and WXPAY_CONFIG), stops when it exits and exits with its exit code.',
  ].join('\n'),
  options: {
    port: { type: 'string', short: 'p', value: 'N', description: 'The port on 127.0.0.1 (default: a free one).' },
    dir: { type: 'string', value: 'FOLDER', description: 'Where to write the keys and wxpay.json (default: a new temporary folder).' },
    mode: { type: 'string', value: 'MODE', description: 'public-key (default: answers signed under a PUB_KEY_ID_…) or certificate (a platform certificate).' },
  },
  positionals: 'after-terminator',
  examples: [
    'wxpay sandbox',
    'wxpay sandbox --dir ./sandbox -- vendor/bin/phpunit',
    'wxpay sandbox --port 8080 --dir ./sandbox',
    'wxpay --config ./sandbox/wxpay.json v3/businesscircle/user-authorizations/oUpF8uMuAJOM2pxb1Q -q appid=wx931386123456789e',
    'wxpay notify mall.transaction --config ./sandbox/wxpay.json --to http://127.0.0.1:3000/notify',
  ],
  run,
};
