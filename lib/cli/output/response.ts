/**
 * How an answer is printed: its body as JSON (APIv3 JSON re-laid out, APIv2 XML parsed with `Transformer.toArray`),
 * other bodies byte for byte, and with `-i` the status line and headers first.
 *
 * @module
 */

import type { Protocol } from '../../pipeline/request.js';
import type { ResponseHeaders, WechatpayResponse } from '../../response.js';
import { Transformer } from '../../transformer/index.js';
import { reformatJson } from './json.js';

/** How to print an answer. */
export interface ResponseView {
  /** Which API answered: APIv2 bodies are XML. */
  readonly protocol: Protocol;
  /** Indented JSON (on a terminal) or one line. */
  readonly pretty: boolean;
  /** Print the status line and headers before the body (`-i`). */
  readonly include: boolean;
}

/** `HTTP/1.1 200 OK`. */
export function statusLine(response: Pick<WechatpayResponse, 'status' | 'statusText'>): string {
  return `HTTP/1.1 ${response.status} ${response.statusText}`.trimEnd();
}

/** One `name: value` line per header value, each after `prefix`. */
export function headerLines(headers: Readonly<Record<string, string | readonly string[] | undefined>> | ResponseHeaders, prefix = ''): string[] {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [value].flat().map((item) => `${prefix}${name}: ${item}`)));
}

function asJson(text: string, protocol: Protocol, contentType: string, indent: number): string | undefined {
  const start = text.trimStart()[0];
  try {
    if (protocol === 'v2' && start === '<') return JSON.stringify(Transformer.toArray(text), null, indent);
    if (contentType.includes('json') || start === '{' || start === '[') return reformatJson(text.trim(), indent);
  } catch {
    // not what it looked like: printed as it came
  }
  return undefined;
}

/**
 * The body to print: `''` for an empty one (a 204), JSON text with a newline for JSON or APIv2 XML, else the bytes
 * as received (a CSV bill, an image).
 */
export function renderBody(response: Pick<WechatpayResponse, 'body' | 'header'>, view: Pick<ResponseView, 'protocol' | 'pretty'>): string | Buffer {
  const { body } = response;
  if (body === null || body.length === 0) return '';
  const json = asJson(body.toString('utf8'), view.protocol, response.header('content-type') ?? '', view.pretty ? 2 : 0);
  return json === undefined ? body : `${json}\n`;
}

/** What `wxpay <path>` writes to stdout for an answer: with `-i` the head, then the body. */
export function renderResponse(response: Pick<WechatpayResponse, 'status' | 'statusText' | 'headers' | 'body' | 'header'>, view: ResponseView): (string | Buffer)[] {
  const head = view.include ? [`${[statusLine(response), ...headerLines(response.headers)].join('\n')}\n\n`] : [];
  const body = renderBody(response, view);
  return body.length === 0 ? head : [...head, body];
}
