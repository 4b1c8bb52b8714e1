/** The raw body of a callback exactly as received: bytes, or the text they decode to. */
export type RawBody = Uint8Array | string;

/** Why a value is not a raw body, in words a framework user recognises. */
function describe(value: unknown): string {
  if (value === undefined || value === null) return `${String(value)}: no body was read (is a body parser for this Content-Type missing?)`;
  if (typeof value === 'object') return 'an object: the body was parsed already (e.g. by express.json()); pass the raw bytes instead';
  return `a ${typeof value}`;
}

/**
 * The bytes a callback's signature is checked over: a `Uint8Array` (a `Buffer`) as is, a string as its UTF-8 bytes.
 *
 * @throws TypeError when `rawBody` is neither, e.g. an object a JSON body parser made: verifying a re-serialised
 * object fails whenever its spacing, key order or escapes differ from what WeChat Pay signed.
 */
export function toRawBytes(rawBody: unknown): Buffer {
  if (typeof rawBody === 'string') return Buffer.from(rawBody, 'utf8');
  if (rawBody instanceof Uint8Array) return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
  throw new TypeError(`The callback body must be the raw body, a Buffer, Uint8Array or string; got ${describe(rawBody)}.`);
}
