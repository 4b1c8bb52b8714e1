/**
 * What the command line touches of the outside world, in one object, so that every command can be run in-process
 * by a test with fake streams, environment and signals.
 *
 * @module
 */

import { homedir } from 'node:os';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A stream the CLI writes to. */
export interface Output {
  /** Writes text or bytes. */
  write(chunk: string | Uint8Array): unknown;
  /** Whether it is a terminal (JSON is then pretty-printed; `wxpay bill` draws its progress bar on stderr). */
  readonly isTTY?: boolean;
  /** The terminal's width, when it is one. */
  readonly columns?: number;
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

/** Whether a write failed because the reader went away (`wxpay … | head -1`). */
export function isClosedOutput(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ERR_STREAM_DESTROYED';
}

/**
 * Copies a stream to an output: into a stream (stdout) through `pipeline`, which waits for `drain` and leaves it
 * open; into anything else chunk by chunk. A reader that went away ends the copy quietly.
 */
export async function copyTo(source: Readable, out: Output): Promise<void> {
  try {
    if (out instanceof Writable) await pipeline(source, out, { end: false });
    else for await (const chunk of source) out.write(chunk as Buffer);
  } catch (error) {
    source.destroy();
    if (!isClosedOutput(error)) throw error;
  }
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
  if (!isClosedOutput(error)) throw error;
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
