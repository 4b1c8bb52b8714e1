import { BodyTooLargeError } from '../errors/body-too-large-error.js';
import { NotificationInputError } from '../errors/notification-input-error.js';

/** The raw body of a callback exactly as received: bytes, or the text they decode to. */
export type RawBody = Uint8Array | string;

/** The default largest callback body, in bytes (64 KiB): WeChat Pay's callbacks are a few KiB. */
export const DEFAULT_MAX_BODY_SIZE = 64 * 1024;

/** Why a value is not a raw body, in words a framework user recognises. */
function describe(value: unknown): string {
  if (value === undefined || value === null) return `${String(value)}: no body was read (is a body parser for this Content-Type missing?)`;
  if (typeof value === 'object') return 'an object: the body was parsed already (e.g. by express.json()); pass the raw bytes instead';
  return `a ${typeof value}`;
}

/**
 * The bytes a callback's signature is checked over: a `Uint8Array` (a `Buffer`) as is, a string as its UTF-8 bytes.
 *
 * @throws NotificationInputError when `rawBody` is neither, e.g. an object a JSON body parser made: verifying a
 * re-serialised object fails whenever its spacing, key order or escapes differ from what WeChat Pay signed.
 */
export function toRawBytes(rawBody: unknown): Buffer {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (rawBody instanceof Uint8Array) return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  throw new NotificationInputError(`The callback body must be the raw body, a Buffer, Uint8Array or string; got ${describe(rawBody)}.`, 'body');
}

/**
 * Refuses a callback body larger than `limit` bytes before anything parses it.
 *
 * @throws BodyTooLargeError naming `maxBodySize`
 */
export function assertBodySize(rawBody: unknown, limit: number): void {
  const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody, 'utf8') : rawBody instanceof Uint8Array ? rawBody.byteLength : 0;
  if (size > limit) {
    throw new BodyTooLargeError(`The callback body is ${String(size)} bytes, more than ${String(limit)} (the \`maxBodySize\` option of Notification); WeChat Pay's callbacks are a few KiB, so it was not parsed.`, { limit, setting: 'maxBodySize', size });
  }
}
