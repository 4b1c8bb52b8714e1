/**
 * What the command line touches of the outside world, in one object, so that every command can be run in-process
 * by a test with fake streams, environment and signals.
 *
 * @module
 */

import { homedir } from 'node:os';

/** A stream the CLI writes to. */
export interface Output {
  /** Writes text or bytes. */
  write(chunk: string | Uint8Array): unknown;
  /** Whether it is a terminal (JSON is then pretty-printed). */
  readonly isTTY?: boolean;
}

/** The CLI's window on the process. */
export interface CliIo {
  /** Where answers go. */
  readonly stdout: Output;
  /** Where errors, `-v` traces and notices go. */
  readonly stderr: Output;
  /** Reads standard input to the end (for `--json @-`). */
  readonly readStdin: () => Promise<Buffer>;
  /** The environment (`WECHATPAY_*`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working folder: relative paths on the command line and in the environment start here. */
  readonly cwd: string;
  /** The home folder (for `~/.config/wxpay/config.json` and `~/` in paths). */
  readonly home: string;
  /** Resolves with the signal's name at the first SIGINT or SIGTERM (for commands that serve until stopped). */
  readonly untilStopped: () => Promise<string>;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function firstSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** A reader that went away (`wxpay … | head -1`) is not an error worth a stack trace. */
function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

/** The real process: its streams, environment, working folder, home folder and signals. */
export function processIo(): CliIo {
  process.stdout.on('error', ignoreClosedPipe);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => readAll(process.stdin),
    env: process.env,
    cwd: process.cwd(),
    home: homedir(),
    untilStopped: firstSignal,
  };
}
