/**
 * The `multipart/form-data` framing of a WeChat Pay upload (RFC 7578), built by hand so that the bytes are
 * deterministic and the file can be streamed between a known head and tail:
 *
 * ```
 * --<b>\r\nContent-Disposition: form-data; name="meta"\r\nContent-Type: application/json\r\n\r\n<meta>\r\n
 * --<b>\r\nContent-Disposition: form-data; name="file"; filename="<name>"\r\nContent-Type: <type>\r\n\r\n<bytes>\r\n
 * --<b>--\r\n
 * ```
 *
 * @module
 */

import { randomBytes } from 'node:crypto';

const CRLF = '\r\n';

/** A boundary: 40 random hex digits, as long as PHP's (the SHA-1 of a `uniqid`). */
export function randomBoundary(): string {
  return randomBytes(20).toString('hex');
}

/**
 * Whether `boundary` is one RFC 2046 allows: 1–70 characters of `0-9A-Za-z'()+_,-./:=?` and space, not ending in a
 * space.
 */
export function isBoundary(boundary: string): boolean {
  return /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary);
}

/** A file name made safe for a quoted `filename="…"`: `"`, CR and LF percent-encoded, as browsers do (WHATWG). */
export function quoteFilename(filename: string): string {
  return filename.replace(/["\r\n]/g, (c) => (c === '"' ? '%22' : c === '\r' ? '%0D' : '%0A'));
}

/**
 * Everything before the file's bytes: the `meta` part, then the `file` part's headers.
 *
 * @param boundary - the boundary
 * @param meta - the meta JSON, as signed
 * @param filename - the file name (UTF-8, unescaped but for {@link quoteFilename})
 * @param mediaType - the file's media type
 */
export function multipartHead(boundary: string, meta: string, filename: string, mediaType: string): Buffer {
  return Buffer.from(
    `--${boundary}${CRLF}Content-Disposition: form-data; name="meta"${CRLF}Content-Type: application/json${CRLF}${CRLF}${meta}${CRLF}` +
      `--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename="${quoteFilename(filename)}"${CRLF}Content-Type: ${mediaType}${CRLF}${CRLF}`,
  );
}

/**
 * Everything after the file's bytes: the end of the `file` part and the closing delimiter.
 *
 * @param boundary - the boundary
 */
export function multipartTail(boundary: string): Buffer {
  return Buffer.from(`${CRLF}--${boundary}--${CRLF}`);
}
