/**
 * Reads an answer's body into one Buffer without ever holding more than a limit: the `Content-Length` is checked
 * before the first byte is read, and the bytes are counted as they arrive.
 *
 * @module
 */

import type { Readable } from 'node:stream';

/** The body passed its limit; `size` is the declared length or the bytes counted so far. */
export class OverLimit extends Error {
  readonly size: number;

  constructor(size: number) {
    super(`body over limit at ${String(size)} bytes`);
    this.name = 'OverLimit';
    this.size = size;
  }
}

/**
 * The declared length of a body, or `undefined` when absent or not a plain decimal number.
 *
 * @param header - the `content-length` header value
 */
export function declaredLength(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

/** Swallows an error nobody waits for any more. */
function ignore(): void {
  // nothing: the caller has its answer or its error already
}

/**
 * Lets go of a body that will not be read: the connection is dropped. undici reports the destruction as an
 * `'error'` event, which must not go unhandled.
 */
export function release(body: Readable): void {
  body.on('error', ignore);
  body.destroy();
}

/**
 * Reads `body` to its end, at most `limit` bytes (`null` for no limit).
 *
 * @param body - the body stream (destroyed when the limit is passed)
 * @param limit - the most bytes allowed
 * @param declared - the `Content-Length`, when the sender gave one
 * @throws OverLimit as soon as the body is known to be larger than `limit`; any error of the stream as it is
 */
export function readBody(body: Readable, limit: number | null, declared: number | undefined): Promise<Buffer> {
  if (limit !== null && declared !== undefined && declared > limit) {
    release(body);
    return Promise.reject(new OverLimit(declared));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (limit !== null && size > limit) {
        cleanup();
        release(body);
        reject(new OverLimit(size));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      // a late error of a stream let go of must not go unhandled
      body.off('data', onData).off('end', onEnd).off('error', onError).on('error', ignore);
    };
    body.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
