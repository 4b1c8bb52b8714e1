/**
 * `-v`: the request exactly as it goes on the wire (after signing) and the head of the answer, curl style, with
 * the `Authorization` signature and the APIv2 `sign` redacted.
 *
 * @module
 */

import { redactHeaders } from '../../errors/request-summary.js';
import type { Middleware } from '../../pipeline/middleware.js';
import type { WechatpayRequest } from '../../pipeline/request.js';
import type { WechatpayResponse } from '../../response.js';
import { headerLines, statusLine } from './response.js';

/** What stands in for a redacted value. */
const REDACTED = '[REDACTED]';

/** Redacts the APIv2 `sign` in an XML body (`<sign>…</sign>`, CDATA or not) and in a query (`sign=…`). */
export function redactV2Sign(text: string): string {
  return text.replace(/<sign>[\s\S]*?<\/sign>/g, `<sign>${REDACTED}</sign>`).replace(/([?&]sign=)[^&#]*/g, `$1${REDACTED}`);
}

function bodyText(body: WechatpayRequest['body']): string {
  if (body === undefined) return '';
  if (typeof body === 'string') return body;
  return body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : '[a stream]';
}

/**
 * The request as sent, each head line after `> `, then the body; secrets redacted.
 *
 * @param request - the request as it stands just before the transport
 */
export function describeRequest(request: Pick<WechatpayRequest, 'protocol' | 'method' | 'url' | 'target' | 'headers' | 'body'>): string {
  const redact = request.protocol === 'v2' ? redactV2Sign : (text: string): string => text;
  const head = [`> ${request.method} ${redact(request.target)} HTTP/1.1`, `> host: ${request.url.host}`, ...headerLines(redactHeaders(request.headers), '> '), '>'];
  const body = bodyText(request.body);
  return `${head.join('\n')}\n${body === '' ? '' : `${redact(body)}\n`}`;
}

/** The head of an answer, each line after `< `. */
export function describeAnswer(response: Pick<WechatpayResponse, 'status' | 'statusText' | 'headers'>): string {
  return `${[`< ${statusLine(response)}`, ...headerLines(response.headers, '< '), '<'].join('\n')}\n`;
}

/**
 * A middleware for the innermost place of a pipeline (`pipeline.push(verboseTrace(write), 'cli-verbose')`): it
 * writes what the transport is given and what it gets back.
 *
 * @param write - where the trace goes (stderr)
 */
export function verboseTrace(write: (text: string) => void): Middleware {
  return async (request, next) => {
    write(describeRequest(request));
    const response = await next(request);
    write(describeAnswer(response));
    return response;
  };
}
