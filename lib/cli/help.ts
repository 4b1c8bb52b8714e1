/**
 * The help texts: `wxpay --help` (every command, configuration, exit codes) and `wxpay <command> --help`.
 *
 * @module
 */

import { VERSION } from '../version.js';
import { HELP_OPTION } from './args.js';
import type { Command, OptionSpec } from './command.js';
import { SETTING_NAMES, SETTING_SOURCES } from './config/settings.js';

/** The exit codes, in one line. */
export const EXIT_CODES_HELP = 'Exit codes: 0 success, 1 WeChat Pay error (code and message on stderr), 2 usage or configuration error, 3 network or verification failure.';

function column(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

function optionLabel(name: string, spec: OptionSpec): string {
  const flags = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}`;
  return spec.value === undefined ? flags : `${flags} ${spec.value}`;
}

/** One command's help. */
export function commandHelp(command: Command): string {
  const options = Object.entries({ ...command.options, ...HELP_OPTION }).map(([name, spec]) => [optionLabel(name, spec), spec.description] as const);
  return [
    `Usage: ${command.usage}`,
    '',
    command.description,
    '',
    'Options:',
    ...column(options),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
    '',
    EXIT_CODES_HELP,
    '',
  ].join('\n');
}

/**
 * The overview: every command, where the configuration comes from, the exit codes.
 *
 * @param commands - the command table
 * @param defaultCommand - the one run for `wxpay <path>`
 */
export function overviewHelp(commands: readonly Command[], defaultCommand: Command): string {
  const rows = commands.map((command) => [`wxpay ${command === defaultCommand ? '<path>' : command.name} [options]`, command.summary] as const);
  return [
    `wxpay ${VERSION}: call the WeChat Pay (微信支付) API from the shell.`,
    '',
    'Usage:',
    ...column([...rows, ['wxpay help [command]', "Show a command's help"], ['wxpay --version', 'Print the version']]),
    '',
    'Configuration (flags over environment over file):',
    '  file         --config FILE, else ./wxpay.json, else ~/.config/wxpay/config.json; key paths relative to its folder:',
    '               {"mchid": "1900000100", "serial": "…", "privateKey": "apiclient_key.pem",',
    '                "certs": {"PUB_KEY_ID_…": "pub_key.pem"}, "secret": "…", "apiv3Key": "…", "base_uri": "…"}',
    `  environment  ${SETTING_NAMES.map((name) => SETTING_SOURCES[name].env).join(', ')}`,
    '               (WECHATPAY_PRIVATE_KEY is a path, WECHATPAY_CERTS is id=path,…)',
    '  flags        --mchid, --serial, --private-key FILE, --cert ID=FILE, --base-uri URL',
    '',
    EXIT_CODES_HELP,
    '',
    'Examples:',
    '  wxpay sandbox                      # a local WeChat Pay; prints its wxpay.json',
    '  wxpay --config /path/to/wxpay.json v3/businesscircle/user-authorizations/oUpF8uMuAJOM2pxb1Q -q appid=wx931386123456789e',
    '',
    "Run 'wxpay <command> --help' or 'wxpay <path> --help' for the options.",
    '',
  ].join('\n');
}
