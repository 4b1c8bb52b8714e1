/**
 * `wxpay bill <tradebill|fundflowbill> --date yyyy-MM-dd`: requests a bill, downloads it (gzipped in transit with
 * `--gzip`) and checks its digest, to a file or to stdout; a progress bar on stderr when it is a terminal.
 *
 * @module
 */

import { accessSync, constants, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Root } from '../../builder/types.js';
import { downloadBill, type BillDownload, type DownloadBillOptions } from '../../util/bill-download.js';
import { choiceArgument, listOption, parsePairs, stringOption, switchOption, timeoutOption, TIMEOUT_OPTION } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { createClient } from '../config/client.js';
import { CONFIG_OPTIONS } from '../config/flags.js';
import { loadCommandConfig } from '../config/load.js';
import { ExitCode } from '../exit.js';
import { fsReason, resolvePath } from '../files.js';
import { copyTo, type CliIo } from '../io.js';
import { formatBytes, progressReporter, type ProgressReporter } from '../output/progress.js';
import { UsageError } from '../usage-error.js';

/** The bills `wxpay bill` downloads. */
export const BILL_TYPES = ['tradebill', 'fundflowbill'] as const;

/** One of {@link BILL_TYPES}. */
export type BillType = (typeof BILL_TYPES)[number];

/** `-q` names that have their own option. */
const OWN_OPTIONS: Readonly<Record<string, string>> = { bill_date: '--date', tar_type: '--gzip' };

/** Whether `text` is a calendar date written `yyyy-MM-dd` (not 2026-02-30). */
function isDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

/** A bill request's query. */
export type BillQuery = Readonly<Record<string, string>> & { readonly bill_date: string };

/**
 * The bill request's query: `bill_date` from `--date`, the rest from `-q` (`bill_type`, `account_type`,
 * `sub_mchid` …).
 *
 * @throws UsageError for a missing or malformed date, a malformed pair, or `-q` giving what an option gives
 */
export function billQuery(args: ParsedArgs): BillQuery {
  const date = stringOption(args, 'date');
  if (date === undefined) throw new UsageError("Give the bill's day: --date yyyy-MM-dd, e.g. --date 2026-11-21.", 'bill');
  if (!isDate(date)) throw new UsageError(`--date takes a day written yyyy-MM-dd, e.g. 2026-11-21; got ${JSON.stringify(date)}.`, 'bill');
  const query = parsePairs(listOption(args, 'query'), '-q');
  const clash = Object.keys(query).find((name) => Object.hasOwn(OWN_OPTIONS, name));
  if (clash !== undefined) throw new UsageError(`-q ${clash}: give it with ${OWN_OPTIONS[clash] ?? ''} instead.`, 'bill');
  return { bill_date: date, ...query };
}

/**
 * The file `-o` names (relative to the working folder), `undefined` for stdout.
 *
 * @throws UsageError when it is a folder, or its folder does not exist or cannot be written
 */
function billTarget(given: string | undefined, io: CliIo): string | undefined {
  if (given === undefined) return undefined;
  const path = resolvePath(given, io.cwd, io.home);
  const folder = dirname(path);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) {
    throw new UsageError(`-o ${given} is a folder: give the bill's file name, e.g. -o ${join(given, 'bill.csv')}.`, 'bill');
  }
  if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) throw new UsageError(`-o ${given}: the folder ${folder} does not exist.`, 'bill');
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new UsageError(`-o ${given}: cannot write in ${folder}: ${fsReason(error)}.`, 'bill');
  }
  return path;
}

/**
 * Downloads the bill into a private temporary file, then copies it to stdout: nothing reaches stdout unless the
 * digest matched.
 */
async function toStdout(download: (to: string) => Promise<BillDownload>, io: CliIo): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'wxpay-bill-'));
  const path = join(folder, 'bill');
  try {
    await download(path);
    await copyTo(createReadStream(path), io.stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The notice after a bill was saved: `wxpay: tradebill of 2026-11-21 saved to /path (4.0 KiB, SHA1 checked)`. */
export function savedNotice(type: BillType, date: string, bill: Pick<BillDownload, 'bytes' | 'hash_type'>, path: string): string {
  return `wxpay: ${type} of ${date} saved to ${path} (${formatBytes(bill.bytes)}, ${bill.hash_type} checked)\n`;
}

/**
 * The download into a file path, with the progress bar when there is one (erased when the download ends, however
 * it ends).
 */
function downloader(client: Root, options: Omit<DownloadBillOptions, 'to' | 'onProgress'>, progress: ProgressReporter | undefined): (to: string) => Promise<BillDownload> {
  return async (to) => {
    try {
      return await downloadBill(client, { ...options, to, ...(progress === undefined ? {} : { onProgress: progress.update }) });
    } finally {
      progress?.clear();
    }
  };
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const type = choiceArgument(args, BILL_TYPES, 'bill type', 'bill');
  const query = billQuery(args);
  const target = billTarget(stringOption(args, 'output'), io);
  const timeout = timeoutOption(args, 'bill');
  const client = createClient(loadCommandConfig(args, io));
  const progress = io.stderr.isTTY === true ? progressReporter(io.stderr) : undefined;
  const download = downloader(client, { type, query, gzip: switchOption(args, 'gzip'), ...(timeout === undefined ? {} : { timeout }) }, progress);
  try {
    if (target === undefined) await toStdout(download, io);
    else io.stderr.write(savedNotice(type, query.bill_date, await download(target), target));
    return ExitCode.OK;
  } finally {
    await client.getDriver().close();
  }
}

/** `wxpay bill <tradebill|fundflowbill> --date yyyy-MM-dd [-o FILE] [--gzip] [-q k=v …]`. */
export const billCommand: Command = {
  name: 'bill',
  summary: 'Download a trade or fund flow bill, its digest checked',
  usage: 'wxpay bill <tradebill|fundflowbill> --date yyyy-MM-dd [-o FILE] [--gzip] [-q k=v …]',
  description: [
    'Requests the bill of a day (GET /v3/bill/tradebill or /v3/bill/fundflowbill), downloads it from the download_url',
    'answered and checks its SHA-1 against the hash_value announced. With -o it is written to FILE under a temporary',
    'name, renamed once the digest matched; without -o it goes to stdout, only once the digest matched. Either way a',
    'bill that fails the check leaves nothing behind and exits 3. A progress bar is drawn on stderr when it is a terminal.',
  ].join('\n'),
  options: {
    date: { type: 'string', value: 'yyyy-MM-dd', description: "The bill's day (bill_date), e.g. 2026-11-21." },
    output: { type: 'string', short: 'o', value: 'FILE', description: 'Write the bill to FILE (default: stdout).' },
    gzip: { type: 'boolean', description: 'Download it gzipped (tar_type=GZIP); it is written uncompressed.' },
    query: { type: 'string', short: 'q', multiple: true, value: 'k=v', description: 'Another query parameter: bill_type, account_type, sub_mchid …; repeatable.' },
    ...TIMEOUT_OPTION,
    ...CONFIG_OPTIONS,
  },
  positionals: true,
  examples: [
    'wxpay bill tradebill --date 2026-11-21 -o tradebill-2026-11-21.csv',
    'wxpay bill tradebill --date 2026-11-21 -q bill_type=SUCCESS --gzip | head -3',
    'wxpay bill fundflowbill --date 2026-11-21 -q account_type=OPERATION -o fundflow.csv',
  ],
  run,
};
