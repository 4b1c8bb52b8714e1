/**
 * The shape of a `wxpay` command: each command is one file exporting one {@link Command}, listed in the command
 * table (`commands/index.ts`).
 *
 * @module
 */

import type { CliIo } from './io.js';

/** One option of a command, as `node:util` `parseArgs` takes it plus what the help shows. */
export interface OptionSpec {
  /** `string` takes a value, `boolean` is a switch. */
  readonly type: 'string' | 'boolean';
  /** The one-letter form, without the dash. */
  readonly short?: string;
  /** Whether it may be given several times (the values are then a list). */
  readonly multiple?: boolean;
  /** The value's name in the help (`N`, `FILE`, `k=v`). */
  readonly value?: string;
  /** What it does, one line. */
  readonly description: string;
}

/** A command's options by long name. */
export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

/** The parsed command line, as `parseArgs` gives it. */
export interface ParsedArgs {
  /** Option values by long name: a string, `true`, or a list for `multiple` options. */
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  /** The arguments that are not options. */
  readonly positionals: readonly string[];
}

/** A `wxpay` command. */
export interface Command {
  /** The name typed after `wxpay` (`sandbox`); the request command's is only used by `wxpay help request`. */
  readonly name: string;
  /** One line for `wxpay --help`. */
  readonly summary: string;
  /** The synopsis, e.g. `wxpay sandbox [--port N] [--dir FOLDER]`. */
  readonly usage: string;
  /** A paragraph of explanation for the command's own help. */
  readonly description: string;
  /** Its options (`--help` is added to every command). */
  readonly options: OptionsSpec;
  /** Whether it takes arguments besides options; `'after-terminator'`: only after `--` (a command to run). */
  readonly positionals: boolean | 'after-terminator';
  /** Paste-able examples for the help. */
  readonly examples: readonly string[];
  /** Runs the command and resolves with the exit code; throws for a usage, configuration or request failure. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
