import { Readable } from 'node:stream';
import { WechatpayResponse } from '../response.js';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The whole body of an answer, for a middleware that must check it (a verifier): a buffered answer as it is; a
 * streamed one (`stream: true`) read to the end, with `again()` giving a fresh response that streams those same
 * bytes to the caller.
 */
export async function bufferedBody(response: WechatpayResponse): Promise<{ body: Buffer; again: () => WechatpayResponse }> {
  if (response.stream === null) return { body: response.body ?? Buffer.alloc(0), again: () => response };
  const body = await readAll(response.stream);
  const { status, statusText, headers } = response;
  return { body, again: () => new WechatpayResponse({ status, statusText, headers, stream: Readable.from([body]) }) };
}
