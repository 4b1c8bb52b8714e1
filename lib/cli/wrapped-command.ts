/**
 * `wxpay sandbox -- <command> [args…]`: runs a command (a test suite in any language) beside a fresh sandbox, with the
 * sandbox's addresses and files in its environment, and passes its exit code on.
 *
 * @module
 */

import { spawn } from 'node:child_process';
import type { CliIo } from './io.js';

/** The environment a wrapped command gets, on top of wxpay's own. */
export interface SandboxEnvironment {
  /** The HTTP base URL, with a trailing slash. */
  readonly WXPAY_SANDBOX_URL: string;
  /** The HTTPS (mutual TLS) base URL, with a trailing slash. */
  readonly WXPAY_SANDBOX_HTTPS_URL: string;
  /** The control API's base URL, with a trailing slash. */
  readonly WXPAY_SANDBOX_CONTROL_URL: string;
  /** The folder the keys, certificates and configuration were written to. */
  readonly WXPAY_SANDBOX_DIR: string;
  /** The path of the written `wxpay.json`. */
  readonly WXPAY_CONFIG: string;
}

/** How long a command has to exit after wxpay passed it SIGINT or SIGTERM, before it is killed. */
export const GRACE_MS = 10_000;

/** Signal numbers, for the shell's `128 + n` exit code of a command ended by a signal. */
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** The shell's exit code (127) for a command that cannot be found or run. */
export const NOT_RUNNABLE = 127;

/**
 * Runs `argv` with the sandbox's environment, its standard streams wxpay's own, and resolves with its exit code (`128 +
 * n` when a signal ended it; {@link NOT_RUNNABLE} when it cannot be started, said on stderr). A SIGINT or SIGTERM wxpay
 * receives meanwhile is passed on, and the command killed if it has not exited {@link GRACE_MS} later.
 *
 * @param argv - the command and its arguments
 * @param environment - the sandbox's variables
 * @param io - wxpay's environment, working folder, standard error and signals
 */
export function runWrapped(argv: readonly string[], environment: SandboxEnvironment, io: CliIo): Promise<number> {
  const [file = '', ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd: io.cwd, env: { ...io.env, ...environment }, stdio: 'inherit' });
    let killer: NodeJS.Timeout | undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      io.stderr.write(`wxpay: cannot run ${JSON.stringify(file)}: ${error.code === 'ENOENT' ? 'command not found' : error.message}\n`);
      resolve(NOT_RUNNABLE);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      resolve(code ?? 128 + (signal === null ? 0 : (SIGNAL_NUMBERS[signal] ?? 0)));
    });
    void io.untilStopped().then((signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal as NodeJS.Signals);
      killer = setTimeout(() => child.kill('SIGKILL'), GRACE_MS);
      killer.unref();
    });
  });
}
