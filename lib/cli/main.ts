/**
 * The `wxpay` command line: `main(argv)` picks the command, parses its options, runs it and turns any failure into
 * one line on stderr and an exit code. `bin/wxpay.js` calls it with `process.argv.slice(2)`.
 *
 * @module
 */

import { VERSION } from '../version.js';
import { parseCommandLine, switchOption } from './args.js';
import { COMMANDS, DEFAULT_COMMAND, findCommand } from './commands/index.js';
import { errorLine, ExitCode, exitCodeOf } from './exit.js';
import { commandHelp, overviewHelp } from './help.js';
import { processIo, type CliIo } from './io.js';
import { UsageError } from './usage-error.js';

export type { Command, OptionSpec, OptionsSpec, ParsedArgs } from './command.js';
export type { CliIo, Output } from './io.js';
export { ExitCode } from './exit.js';

function help(topic: string | undefined, io: CliIo): number {
  if (topic === undefined) {
    io.stdout.write(overviewHelp(COMMANDS, DEFAULT_COMMAND));
    return ExitCode.OK;
  }
  const command = findCommand(topic);
  if (command === undefined) throw new UsageError(`No command ${JSON.stringify(topic)}; the commands are ${COMMANDS.map((known) => known.name).join(', ')}.`);
  io.stdout.write(commandHelp(command));
  return ExitCode.OK;
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(overviewHelp(COMMANDS, DEFAULT_COMMAND));
    return ExitCode.USAGE;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  if (first === '--help' || first === '-h') return help(undefined, io);
  if (first === 'help') return help(rest[0], io);
  const named = findCommand(first);
  const command = named ?? DEFAULT_COMMAND;
  const args = parseCommandLine(command, named === undefined ? argv : rest);
  if (switchOption(args, 'help')) {
    io.stdout.write(commandHelp(command));
    return ExitCode.OK;
  }
  return command.run(args, io);
}

/**
 * Runs `wxpay` with the arguments after the program name and resolves with the exit code: 0 success, 1 WeChat Pay
 * error, 2 usage or configuration error, 3 network or verification failure. It never throws: a failure is one
 * line on stderr, with no stack trace.
 *
 * @param argv - the arguments, e.g. `process.argv.slice(2)`
 * @param io - the streams, environment and signals (the process's by default)
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    io.stderr.write(`${errorLine(error)}\n`);
    return exitCodeOf(error);
  }
}
