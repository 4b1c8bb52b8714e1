/**
 * A strict `multipart/form-data` reader (RFC 7578) for the upload endpoints, and the rule WeChat Pay signs uploads
 * by: the `meta` part, not the multipart bytes.
 *
 * @module
 */

/** One part of a form. */
export interface FormPart {
  /** The `name` of its `Content-Disposition`. */
  readonly name: string;
  /** The `filename` of its `Content-Disposition`, if any. */
  readonly filename: string | undefined;
  /** Its `Content-Type`, if any. */
  readonly contentType: string | undefined;
  /** Its exact bytes. */
  readonly data: Buffer;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * The `boundary` parameter of a `multipart/form-data` `Content-Type` (quoted or not), or `undefined` when the
 * header is not multipart or names none.
 *
 * @param contentType - the `Content-Type` header
 */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const [type = '', ...parameters] = (contentType ?? '').split(';');
  if (type.trim().toLowerCase() !== 'multipart/form-data') return undefined;
  for (const parameter of parameters) {
    const match = /^\s*boundary\s*=\s*(?:"([^"]+)"|([^\s";]+))\s*$/i.exec(parameter);
    if (match !== null) return match[1] ?? match[2];
  }
  return undefined;
}

/** The `name="…"` and `filename="…"` of a `Content-Disposition: form-data; …` value. */
function disposition(value: string): { name: string; filename: string | undefined } | undefined {
  if (!/^\s*form-data\s*(;|$)/i.test(value)) return undefined;
  const name = /;\s*name="([^"]*)"/i.exec(value)?.[1];
  const filename = /;\s*filename="([^"]*)"/i.exec(value)?.[1];
  return name === undefined ? undefined : { name, filename };
}

/** One part, from its headers and bytes, or why it is malformed. */
function readPart(bytes: Buffer): FormPart | string {
  const end = bytes.indexOf(HEADER_END);
  if (end < 0) return 'a part has no blank line after its headers';
  const headers = new Map<string, string>();
  for (const line of bytes.subarray(0, end).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `malformed part header ${JSON.stringify(line.slice(0, 40))}`;
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const named = disposition(headers.get('content-disposition') ?? '');
  if (named === undefined) return 'a part has no Content-Disposition: form-data; name="…"';
  return { ...named, contentType: headers.get('content-type'), data: bytes.subarray(end + HEADER_END.length) };
}

/**
 * Splits a `multipart/form-data` body: it must open with `--<boundary>` and close with `--<boundary>--`, every
 * delimiter and header line ending in CRLF.
 *
 * @param body - the exact body bytes
 * @param boundary - the boundary of the request's `Content-Type`
 * @returns the parts in order, or why the body does not parse with that boundary
 */
export function parseFormData(body: Buffer, boundary: string): FormPart[] | string {
  const open = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  if (!body.subarray(0, open.length).equals(open)) return 'the body does not start with --<boundary> of the Content-Type';
  const parts: FormPart[] = [];
  let at = open.length;
  for (;;) {
    const after = body.subarray(at, at + 2).toString('latin1');
    if (after === '--') return parts.length === 0 ? 'the form has no part' : parts;
    if (after !== '\r\n') return 'a boundary line does not end in CRLF';
    const end = body.indexOf(delimiter, at + CRLF.length);
    if (end < 0) return 'the body has no closing --<boundary>--';
    const part = readPart(body.subarray(at + CRLF.length, end));
    if (typeof part === 'string') return part;
    parts.push(part);
    at = end + delimiter.length;
  }
}

/**
 * What an APIv3 upload's signature covers: the bytes of its `meta` part. `undefined` when the request is not a
 * multipart form with a `meta` part (then the whole body is signed, as for any other request).
 *
 * @param body - the exact body bytes
 * @param contentType - the request's `Content-Type`
 */
export function signedMeta(body: Buffer, contentType: string | undefined): Buffer | undefined {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined) return undefined;
  const parts = parseFormData(body, boundary);
  return typeof parts === 'string' ? undefined : parts.find((part) => part.name === 'meta')?.data;
}
