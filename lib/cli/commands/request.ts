/**
 * `wxpay <path>`: calls one API path, signed, and prints the verified answer.
 *
 * @module
 */

import type { ClientDecorator } from '../../decorator.js';
import { HttpError } from '../../errors/http-error.js';
import type { WechatpayResponse } from '../../response.js';
import { stringOption, TIMEOUT_OPTION } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { assertProtocol, createClient } from '../config/client.js';
import { CONFIG_OPTIONS } from '../config/flags.js';
import { loadCommandConfig } from '../config/load.js';
import { ExitCode } from '../exit.js';
import type { CliIo } from '../io.js';
import { renderResponse, type ResponseView } from '../output/response.js';
import { verboseTrace } from '../output/verbose.js';
import { subscribeEventLines } from '../../diagnostics/debug.js';
import { planRequest, readJsonArgument, type RequestPlan } from '../request-plan.js';

/** Sends the planned call and prints the answer (with `-i`, an error answer too). */
async function send(driver: ClientDecorator, plan: RequestPlan, io: CliIo): Promise<number> {
  const view: ResponseView = { protocol: plan.protocol, pretty: io.stdout.isTTY === true, include: plan.include };
  const print = (response: WechatpayResponse): void => {
    for (const chunk of renderResponse(response, view)) io.stdout.write(chunk);
  };
  try {
    print(await driver.request(plan.method, plan.path, plan.options));
    return ExitCode.OK;
  } catch (error) {
    if (plan.include && error instanceof HttpError) print(error.response);
    throw error;
  }
}

async function run(args: ParsedArgs, io: CliIo): Promise<number> {
  const json = stringOption(args, 'json');
  const plan = planRequest(args, json === undefined ? undefined : await readJsonArgument(json, io.cwd, io.home, io.readStdin));
  const config = loadCommandConfig(args, io);
  assertProtocol(config, plan.protocol);
  const driver = createClient(config).getDriver();
  let unsubscribe: (() => void) | undefined;
  try {
    if (plan.verbose) {
      io.stderr.write(`* configuration: ${config.file ?? 'environment and flags'}\n`);
      driver.select(plan.protocol).push(verboseTrace((text) => io.stderr.write(text)), 'cli-verbose');
      unsubscribe = subscribeEventLines((line) => io.stderr.write(`* ${line}\n`));
    }
    return await send(driver, plan, io);
  } finally {
    unsubscribe?.();
    await driver.close();
  }
}

/** The default command: `wxpay <path> [options]`. */
export const requestCommand: Command = {
  name: 'request',
  summary: 'Call an API path (the default command: `wxpay v3/…`)',
  usage: "wxpay <path> [-X METHOD] [--json '{…}' | --json @file.json | --xml k=v …] [-q k=v …] [-H 'Name: value' …] [--var name=value …] [-i] [-v]",
  description: [
    'Signs and sends one request, verifies the answer and prints its body: APIv3 JSON, or APIv2 XML as JSON;',
    'pretty on a terminal, one line otherwise; nothing for an empty answer (204). The path is in slash form',
    '(v3/businesscircle/parkings) or dot form (v3.vehicle.parking.services.find), sent as written; {name}',
    'placeholders are filled with --var. The method is POST with a body and GET without, unless -X says.',
  ].join('\n'),
  options: {
    method: { type: 'string', short: 'X', value: 'METHOD', description: 'GET, POST, PUT, PATCH or DELETE.' },
    json: { type: 'string', value: 'JSON', description: 'The APIv3 body: JSON text, @file.json, or @- for standard input.' },
    xml: { type: 'string', multiple: true, value: 'k=v', description: 'An APIv2 field (signed and sent as XML); repeatable.' },
    query: { type: 'string', short: 'q', multiple: true, value: 'k=v', description: 'A query parameter; repeatable.' },
    header: { type: 'string', short: 'H', multiple: true, value: "'Name: value'", description: 'An extra header; repeatable.' },
    var: { type: 'string', multiple: true, value: 'name=value', description: 'Fills the {name} placeholder of the path; repeatable.' },
    include: { type: 'boolean', short: 'i', description: 'Print the status line and headers before the body.' },
    verbose: { type: 'boolean', short: 'v', description: "Print the request as sent (signature redacted), the answer's head and the client's diagnostics events to stderr." },
    ...TIMEOUT_OPTION,
    ...CONFIG_OPTIONS,
  },
  positionals: true,
  examples: [
    `wxpay v3/businesscircle/parkings --json '{"sub_mchid":"1900000109","brandid":1000,"appid":"wx931386123456789e","openid":"oUpF8uMuAJOM2pxb1Q","plate_number":"粤B888888","state":"IN","time":"2022-06-01T10:43:39+08:00"}'`,
    'wxpay v3.vehicle.parking.services.find -q appid=wx931386123456789e -q sub_mchid=1900000109 -q plate_number=粤B888888 -q plate_color=BLUE -q openid=oUpF8uMuAJOM2pxb1Q',
    "wxpay 'v3/businesscircle/user-authorizations/{openid}' --var openid=oUpF8uMuAJOM2pxb1Q -q appid=wx931386123456789e -i",
    'wxpay v3/pay/transactions/native --json @order.json -v',
    'wxpay v2/pay/micropay --xml appid=wx8888888888888888 --xml mch_id=1900000100 --xml auth_code=120061098828009406 …',
  ],
  run,
};
