/**
 * What `wxpay <path> …` asks for, worked out from the parsed command line before any configuration is read:
 * method, path, protocol and the SDK request options.
 *
 * @module
 */

import type { RequestOptions } from '../builder/types.js';
import type { Protocol } from '../pipeline/request.js';
import { listOption, parseHeaders, parsePairs, stringOption, switchOption, timeoutOption } from './args.js';
import type { ParsedArgs } from './command.js';
import { resolvePath, readFileOr } from './files.js';
import { reformatJson } from './output/json.js';
import { isApiV2, toApiPath } from './path.js';
import { UsageError } from './usage-error.js';

/** The methods a path can be called with. */
export const METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Request option names, which `--var` cannot use as placeholder names. */
const RESERVED = new Set(['json', 'query', 'headers', 'body', 'signBody', 'base_uri', 'timeout', 'connect_timeout', 'read_timeout', 'max_response_size', 'retries', 'idempotent', 'http_errors', 'stream', 'signal', 'dispatcher', 'verify_signature', 'xml', 'nonceless', 'security']);

/** A planned call. */
export interface RequestPlan {
  /** Upper case. */
  readonly method: string;
  /** The slash path, placeholders unexpanded. */
  readonly path: string;
  /** Which pipeline it goes through. */
  readonly protocol: Protocol;
  /** The SDK request options: body, query, headers, placeholder variables, timeout. */
  readonly options: RequestOptions;
  /** `-i`. */
  readonly include: boolean;
  /** `-v`. */
  readonly verbose: boolean;
}

/**
 * The text of `--json`: the value itself, a file's content for `@file` (relative to `cwd`), or standard input
 * for `@-`.
 *
 * @throws UsageError when the file cannot be read
 */
export async function readJsonArgument(value: string, cwd: string, home: string, readStdin: () => Promise<Buffer>): Promise<string> {
  if (!value.startsWith('@')) return value;
  if (value === '@-') return (await readStdin()).toString('utf8');
  const path = resolvePath(value.slice(1), cwd, home);
  return readFileOr(path, (reason) => new UsageError(`--json ${value}: cannot read ${path}: ${reason}.`)).toString('utf8');
}

function singlePath(args: ParsedArgs): string {
  const [path, extra] = args.positionals;
  if (path === undefined) throw new UsageError('Give the API path to call, e.g. wxpay v3/pay/transactions/native --json @order.json.');
  if (extra !== undefined) throw new UsageError(`One path per call; unexpected ${JSON.stringify(extra)}.`);
  return toApiPath(path);
}

function bodyOptions(args: ParsedArgs, protocol: Protocol, jsonText: string | undefined): Pick<RequestOptions, 'body' | 'xml'> {
  const xml = listOption(args, 'xml');
  if (jsonText !== undefined && xml.length > 0) throw new UsageError('Give --json (APIv3) or --xml (APIv2), not both.');
  if (xml.length > 0 && protocol === 'v3') throw new UsageError('--xml is for APIv2 paths (v2/…); APIv3 paths take --json.');
  if (jsonText !== undefined && protocol === 'v2') throw new UsageError('--json is for APIv3 paths; APIv2 paths (v2/…) take --xml name=value.');
  if (xml.length > 0) return { xml: parsePairs(xml, '--xml') };
  if (jsonText === undefined) return {};
  try {
    return { body: reformatJson(jsonText.trim(), 0) };
  } catch (error) {
    throw new UsageError(`--json is not valid JSON: ${(error as Error).message}`);
  }
}

function methodOf(args: ParsedArgs, hasBody: boolean): string {
  const given = stringOption(args, 'method');
  const method = given?.toUpperCase() ?? (hasBody ? 'POST' : 'GET');
  if (!METHODS.includes(method)) throw new UsageError(`-X takes ${METHODS.join(', ')}; got ${JSON.stringify(given)}.`);
  return method;
}

function variables(args: ParsedArgs): Record<string, string> {
  const vars = parsePairs(listOption(args, 'var'), '--var');
  const clash = Object.keys(vars).find((name) => RESERVED.has(name));
  if (clash !== undefined) throw new UsageError(`--var ${clash}: that name is a request option, not a placeholder.`);
  return vars;
}

/** The `timeout` request option, when `--timeout` is given. */
function timeoutOf(args: ParsedArgs): Pick<RequestOptions, 'timeout'> {
  const timeout = timeoutOption(args);
  return timeout === undefined ? {} : { timeout };
}

/**
 * Plans a call from the command line; `jsonText` is the `--json` text already read ({@link readJsonArgument}).
 * The JSON is validated and sent compact, its literals exactly as written (no number loses digits).
 *
 * @throws UsageError for anything malformed or contradictory
 */
export function planRequest(args: ParsedArgs, jsonText: string | undefined): RequestPlan {
  const path = singlePath(args);
  const protocol: Protocol = isApiV2(path) ? 'v2' : 'v3';
  const body = bodyOptions(args, protocol, jsonText);
  const method = methodOf(args, body.body !== undefined || body.xml !== undefined);
  const query = parsePairs(listOption(args, 'query'), '-q');
  const headers = parseHeaders(listOption(args, 'header'));
  const options: RequestOptions = {
    ...variables(args),
    ...body,
    ...(Object.keys(query).length === 0 ? {} : { query }),
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
    ...timeoutOf(args),
  };
  return { method, path, protocol, options, include: switchOption(args, 'include'), verbose: switchOption(args, 'verbose') };
}
