/**
 * Command-line parsing: `node:util` `parseArgs` driven by a command's option table, and the pure parsers of the
 * values (`name=value` pairs, `Name: value` headers). Every problem is a one-line {@link UsageError}.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command, OptionsSpec, ParsedArgs } from './command.js';
import { UsageError } from './usage-error.js';

/** The `--help` switch every command has. */
export const HELP_OPTION: OptionsSpec = { help: { type: 'boolean', short: 'h', description: 'Show this help.' } };

/** `--timeout SECONDS`, for the commands that call WeChat Pay (read with {@link timeoutOption}). */
export const TIMEOUT_OPTION: OptionsSpec = { timeout: { type: 'string', value: 'SECONDS', description: 'Give up after this many seconds (exit 3); default 30, 0 for none.' } };

/** A header name: an RFC 9110 token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseArgsOptions(spec: OptionsSpec): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, { type, short, multiple }] of Object.entries({ ...spec, ...HELP_OPTION })) {
    options[name] = { type, ...(short === undefined ? {} : { short }), ...(multiple === true ? { multiple } : {}) };
  }
  return options;
}

/** The first sentence of a `parseArgs` error, which goes on to explain `--` at length. */
function firstSentence(message: string): string {
  const end = message.search(/\.\s/);
  return end < 0 ? message : message.slice(0, end + 1);
}

/**
 * Parses a command's arguments strictly: unknown options, missing values and (for commands without arguments)
 * stray arguments are usage errors.
 *
 * @throws UsageError naming the option at fault
 */
export function parseCommandLine(command: Pick<Command, 'name' | 'options' | 'positionals'>, argv: readonly string[]): ParsedArgs {
  try {
    const options = parseArgsOptions(command.options);
    const { values, positionals, tokens } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: command.positionals !== false, tokens: true });
    const early = command.positionals === 'after-terminator' ? tokens.find((token) => token.kind === 'option-terminator' || token.kind === 'positional') : undefined;
    if (early?.kind === 'positional') {
      throw new UsageError(`Unexpected argument '${early.value}': put the command to run after --, e.g. wxpay ${command.name} -- npm test.`, command.name);
    }
    return { values, positionals };
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(firstSentence(error.message), command.name);
    }
    throw error;
  }
}

/** A string option's value (the last one, if repeated), or `undefined`. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' ? last : undefined;
}

/** A repeatable option's values, `[]` when absent. */
export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((item): item is string => typeof item === 'string');
}

/** Whether a switch is on. */
export function switchOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/**
 * `--timeout SECONDS` as a number of seconds, `undefined` when absent (the SDK's default deadline, 30 s, applies);
 * `0` means no deadline.
 *
 * @param command - the command whose help the error points at
 * @throws UsageError for anything but a number ≥ 0
 */
export function timeoutOption(args: ParsedArgs, command?: string): number | undefined {
  const given = stringOption(args, 'timeout');
  if (given === undefined) return undefined;
  const seconds = Number(given);
  if (given.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--timeout takes a number of seconds (0 for none), got ${JSON.stringify(given)}.`, command);
  return seconds;
}

/**
 * The one argument of a command that takes one of a few words (`wxpay bill tradebill`).
 *
 * @param choices - the words it takes
 * @param what - what the argument is, for the message (`the bill type`)
 * @param command - the command, for the message and its help pointer
 * @throws UsageError when it is missing, not one of `choices`, or followed by another
 */
export function choiceArgument<T extends string>(args: ParsedArgs, choices: readonly T[], what: string, command: string): T {
  const [given, extra] = args.positionals;
  const choice = choices.find((known) => known === given);
  if (given === undefined) throw new UsageError(`Give ${what}: ${choices.join(', ')}.`, command);
  if (choice === undefined) throw new UsageError(`Unknown ${what} ${JSON.stringify(given)}: one of ${choices.join(', ')}.`, command);
  if (extra !== undefined) throw new UsageError(`wxpay ${command} takes one ${what}; unexpected ${JSON.stringify(extra)}.`, command);
  return choice;
}

/**
 * Splits `name=value` at the first `=`; the value may contain `=` and be empty.
 *
 * @param item - the argument
 * @param flag - the option it came from, for the message (`-q`)
 * @throws UsageError when there is no `=` or no name
 */
export function splitPair(item: string, flag: string): [name: string, value: string] {
  const at = item.indexOf('=');
  if (at <= 0) throw new UsageError(`${flag} takes name=value, got ${JSON.stringify(item)}.`);
  return [item.slice(0, at), item.slice(at + 1)];
}

/**
 * `name=value` arguments as a record, in order.
 *
 * @throws UsageError for a malformed pair or a name given twice
 */
export function parsePairs(items: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const [name, value] = splitPair(item, flag);
    if (Object.hasOwn(out, name)) throw new UsageError(`${flag} ${name} is given twice.`);
    out[name] = value;
  }
  return out;
}

/**
 * `Name: value` arguments as a header record (names as given, values trimmed).
 *
 * @throws UsageError for a missing colon, an invalid name, or a header given twice
 */
export function parseHeaders(items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const item of items) {
    const colon = item.indexOf(':');
    const name = colon < 0 ? '' : item.slice(0, colon).trim();
    if (!TOKEN.test(name)) throw new UsageError(`-H takes 'Name: value', got ${JSON.stringify(item)}.`);
    if (seen.has(name.toLowerCase())) throw new UsageError(`-H ${name} is given twice.`);
    seen.add(name.toLowerCase());
    out[name] = item.slice(colon + 1).trim();
  }
  return out;
}
