import { Readable } from 'node:stream';
import { BodyTooLargeError } from '../errors/body-too-large-error.js';
import { WechatpayResponse } from '../response.js';
import { OverLimit, readBody } from '../transport/read-body.js';
import type { WechatpayRequest } from './request.js';

/** The size limit of each streamed answer the transport handed on (package-internal). */
const streamLimits = new WeakMap<WechatpayResponse, number | null>();

/** Records the size limit a middleware must keep to if it buffers this streamed answer (package-internal). */
export function rememberStreamLimit(response: WechatpayResponse, limit: number | null): void {
  streamLimits.set(response, limit);
}

/**
 * The whole body of an answer, for a middleware that must check it (a verifier): a buffered answer as it is; a
 * streamed one (`stream: true`) read to the end, at most `max_response_size` bytes, with `again()` giving a fresh
 * response that streams those same bytes to the caller.
 * @throws BodyTooLargeError when a streamed answer is larger than its limit; the stream's own typed errors
 */
export async function bufferedBody(response: WechatpayResponse, request: WechatpayRequest): Promise<{ body: Buffer; again: () => WechatpayResponse }> {
  if (response.stream === null) return { body: response.body ?? Buffer.alloc(0), again: () => response };
  const limit = streamLimits.get(response) ?? null;
  let body: Buffer;
  try {
    body = await readBody(response.stream, limit, undefined);
  } catch (error) {
    if (!(error instanceof OverLimit)) throw error;
    const where = `${request.method} ${request.url.origin}${request.url.pathname}`;
    throw new BodyTooLargeError(
      `${where}: the streamed answer must be checked whole before it is handed on, and it is larger than ${String(limit)} bytes (the \`max_response_size\` option). Raise it for this call.`,
      { limit: limit ?? 0, setting: 'max_response_size', size: error.size, request: request.summary() },
    );
  }
  const { status, statusText, headers } = response;
  return { body, again: () => new WechatpayResponse({ status, statusText, headers, stream: Readable.from([body]) }) };
}
