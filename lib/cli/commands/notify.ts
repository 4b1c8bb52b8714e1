/**
 * `wxpay notify <kind> --to URL`: plays WeChat Pay for a local callback handler: the sandbox's keys (from the
 * folder `wxpay sandbox` wrote) sign and encrypt a callback of that kind, which is POSTed to the handler, and the
 * handler's answer is printed.
 *
 * @module
 */

import { dirname } from 'node:path';
import { NetworkError } from '../../errors/network-error.js';
import { summarize } from '../../errors/request-summary.js';
import { NOTIFICATION_KINDS, sendNotification, type NotificationKind, type NotifierReply, type NotifierSource } from '../../sandbox/notifier.js';
import { choiceArgument, stringOption } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { ExitCode } from '../exit.js';
import { resolvePath } from '../files.js';
import type { CliIo } from '../io.js';
import { readNotifierSource } from '../notifier-source.js';
import { UsageError } from '../usage-error.js';

/**
 * The handler's URL: `--to`, an absolute http(s) URL.
 *
 * @throws UsageError when it is missing or not one
 */
export function handlerUrl(given: string | undefined): URL {
  if (given === undefined) throw new UsageError("Give the handler's URL: --to http://127.0.0.1:3000/notify.", 'notify');
  const url = URL.canParse(given) ? new URL(given) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--to takes an http:// or https:// URL, e.g. http://127.0.0.1:3000/notify; got ${JSON.stringify(given)}.`, 'notify');
  }
  return url;
}

/** The sandbox's folder: `--sandbox`, else the folder of `--config`, else the working folder. */
function sandboxFolder(args: ParsedArgs, io: CliIo): string {
  const folder = stringOption(args, 'sandbox');
  if (folder !== undefined) return resolvePath(folder, io.cwd, io.home);
  const config = stringOption(args, 'config');
  return config === undefined ? io.cwd : dirname(resolvePath(config, io.cwd, io.home));
}

/** What is printed of the handler's answer: `HTTP <status>`, then its body. */
export function renderReply(reply: Pick<NotifierReply, 'status' | 'body'>): string {
  const body = reply.body === '' || reply.body.endsWith('\n') ? reply.body : `${reply.body}\n`;
  return `HTTP ${reply.status}\n${body}`;
}

/** Sends the callback; a handler that cannot be reached is a {@link NetworkError} naming the URL. */
async function send(source: NotifierSource, kind: NotificationKind, url: URL): Promise<NotifierReply> {
  try {
    return await sendNotification(source, kind, url);
  } catch (cause) {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : undefined;
    const reason = code ?? (cause instanceof Error ? cause.message : String(cause));
    throw new NetworkError(`Cannot reach the handler at ${url.href} (${reason}): is it running?`, summarize('POST', url, {}), { cause, code });
  }
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const kind = choiceArgument(args, NOTIFICATION_KINDS, 'callback kind', 'notify');
  const url = handlerUrl(stringOption(args, 'to'));
  const reply = await send(readNotifierSource(sandboxFolder(args, io), io.home), kind, url);
  io.stdout.write(renderReply(reply));
  if (reply.status >= 200 && reply.status < 300) return ExitCode.OK;
  io.stderr.write(`wxpay: the handler answered ${reply.status}: WeChat Pay would count the callback as refused and send it again later.\n`);
  return ExitCode.WECHAT_ERROR;
}

/** `wxpay notify <kind> --to URL [--config FILE | --sandbox FOLDER]`. */
export const notifyCommand: Command = {
  name: 'notify',
  summary: 'Have the sandbox send a signed, encrypted callback to your handler',
  usage: `wxpay notify <${NOTIFICATION_KINDS.join('|')}> --to URL [--config FOLDER/wxpay.json | --sandbox FOLDER]`,
  description: [
    'Builds a callback as WeChat Pay sends it: the APIv3 ones (mall.*) signed with the sandbox\'s platform key and',
    'their resource encrypted with its APIv3 key; v2.payment signed with its APIv2 key; v2.refund with req_info',
    'encrypted. POSTs it to your handler and prints the answer\'s status and body. The keys come from the folder',
    'wxpay sandbox wrote (sandbox.json, platform_key.pem): --sandbox FOLDER, the folder of --config, or the working',
    'folder. Verify in your handler with that folder\'s wxpay.json: its certs, apiv3Key and secret.',
    'Exit 0 when the handler answered 2xx, 1 for any other status, 3 when it cannot be reached.',
  ].join('\n'),
  options: {
    to: { type: 'string', value: 'URL', description: "Your handler's URL, e.g. http://127.0.0.1:3000/notify." },
    sandbox: { type: 'string', value: 'FOLDER', description: 'The folder wxpay sandbox wrote (with --dir, or the one it printed).' },
    config: { type: 'string', short: 'c', value: 'FILE', description: "The sandbox's wxpay.json: the keys are read from its folder." },
  },
  positionals: true,
  examples: [
    'wxpay notify mall.transaction --to http://127.0.0.1:3000/notify --config ./sandbox/wxpay.json',
    'wxpay notify v2.refund --to http://127.0.0.1:3000/notify/v2 --sandbox ./sandbox',
  ],
  run,
};
