// Shared by the CLI specs: the built binary run as a child process, an in-process IO for main(), and a sandbox's
// configuration written to a folder the way `wxpay sandbox` writes it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { CliIo } from '../../lib/cli/io.js';
import { sandboxFiles } from '../../lib/cli/sandbox-files.js';
import type { Sandbox } from '../../lib/sandbox/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'wxpay.js');

export const APPID = 'wx931386123456789e';
export const OPENID = 'oUpF8uMuAJOM2pxb1Q';
/** A valid 停车入场 sync: 204 from the sandbox. */
export const PARKING = JSON.stringify({ sub_mchid: '1900000109', brandid: 1000, appid: APPID, openid: OPENID, plate_number: '粤B888888', state: 'IN', time: '2022-06-01T10:43:39+08:00' });
/** The query of a valid plate service lookup, as -q flags. */
export const FIND_QUERY = ['-q', `appid=${APPID}`, '-q', 'sub_mchid=1900000109', '-q', 'plate_number=粤B888888', '-q', 'plate_color=BLUE', '-q', `openid=${OPENID}`];

/** A temporary folder removed after the spec file. */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `wxpay-cli-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes the sandbox's keys and wxpay.json into `dir` (as `wxpay sandbox` does) and returns the config's path. */
export function writeSandboxConfig(sandbox: Sandbox, dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const { name, content } of sandboxFiles(sandbox)) writeFileSync(join(dir, name), content);
  return join(dir, 'wxpay.json');
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link wxpay}. */
export interface RunOptions {
  /** The working folder (default: a fresh empty one). */
  readonly cwd?: string;
  /** Variables on top of PATH and HOME (no WECHATPAY_* is inherited). */
  readonly env?: Readonly<Record<string, string>>;
  /** The home folder (default: an empty one, so no ~/.config/wxpay/config.json is found). */
  readonly home?: string;
  /** Standard input. */
  readonly input?: string;
}

const emptyHome = scratch('home');
const emptyCwd = scratch('cwd');

/** Runs `node bin/wxpay.js …` (asynchronously: the sandbox answering it runs in this process). */
export function wxpay(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? emptyCwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.home ?? emptyHome, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** An in-process IO for `main()`: what it writes is collected. */
export function memoryIo(options: { cwd: string; home?: string; env?: Record<string, string>; tty?: boolean; stop?: Promise<string> }): { io: CliIo; stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  const io: CliIo = {
    stdout: { write: (chunk) => out.push(text(chunk)), isTTY: options.tty ?? false },
    stderr: { write: (chunk) => err.push(text(chunk)) },
    readStdin: async () => Buffer.alloc(0),
    env: options.env ?? {},
    cwd: options.cwd,
    home: options.home ?? emptyHome,
    untilStopped: () => options.stop ?? Promise.resolve('SIGTERM'),
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Asserts nothing in the output looks like a stack trace. */
export function noStack(text: string): boolean {
  return !/^\s+at /m.test(text);
}

/** Asserts the run failed with `code` and one line on stderr matching `message`, no stack trace, and `stdout` (none by default). */
export function assertFailed(run: Run, code: number, message: RegExp, stdout = ''): void {
  assert.equal(run.code, code, run.stderr);
  assert.equal(run.stdout, stdout);
  assert.match(run.stderr, /^wxpay: [^\n]+\n$/, 'one line');
  assert.match(run.stderr, message);
  assert.ok(noStack(run.stderr));
}

/** A `wxpay sandbox` child process that has printed its config path. */
export interface SandboxProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The path of the wxpay.json it wrote. */
  readonly config: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Its exit code, once it has exited. */
  readonly exit: Promise<number | null>;
}

/** Starts `wxpay sandbox …` in `cwd` (also its HOME) and resolves once it has printed its config path. */
export function startSandboxProcess(args: readonly string[], cwd: string): Promise<SandboxProcess> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd } });
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
