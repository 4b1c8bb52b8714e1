/**
 * The server side of APIv3 request signing: parses the client's `Authorization` header and checks it
 * against the bytes actually received.
 *
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa.js';
import { problem, type Answer } from './answer.js';
import { signedMeta } from './routes/form-data.js';
import type { JsonObject } from './validation.js';

/** The only `Authorization` scheme APIv3 knows. */
export const AUTHORIZATION_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** The largest accepted difference between the request's timestamp and the sandbox clock, in seconds (inclusive). */
export const MAXIMUM_CLOCK_OFFSET = 300;

/** The fields of an APIv3 `Authorization` header. */
export interface AuthorizationFields {
  /** The merchant ID. */
  readonly mchid: string;
  /** The merchant API certificate serial. */
  readonly serial_no: string;
  /** Unix seconds, as text. */
  readonly timestamp: string;
  /** The request nonce. */
  readonly nonce_str: string;
  /** The base64 SHA256withRSA signature. */
  readonly signature: string;
}

/** A parse result: the fields, or why there are none. */
export type ParsedAuthorization = { readonly ok: true; readonly fields: AuthorizationFields } | { readonly ok: false; readonly issue: string };

/** The fields every `Authorization` must carry, in the order they are reported missing. */
const REQUIRED_FIELDS = ['mchid', 'serial_no', 'timestamp', 'nonce_str', 'signature'] as const;

/** One `name="value"` pair and the comma (or end) after it. */
const FIELD = /\s*([A-Za-z_]+)="([^"]*)"\s*(?:,|$)/y;

/** What the sandbox received, as far as the signature covers it. */
export interface ReceivedRequest {
  /** The request method, as received. */
  readonly method: string;
  /** The raw request target (path and query), exactly as received. */
  readonly target: string;
  /** The exact body bytes. */
  readonly body: Buffer;
  /** The `Authorization` header, if any. */
  readonly authorization: string | undefined;
  /** The request headers (the `Content-Type` tells an upload, whose signature covers its `meta` part only). */
  readonly headers?: Readonly<Record<string, string | string[] | undefined>> | undefined;
}

/** The merchant the sandbox expects to hear from. */
export interface ExpectedMerchant {
  /** The merchant ID. */
  readonly mchid: string;
  /** The merchant API certificate serial. */
  readonly serial: string;
  /** The merchant public key, which verifies request signatures. */
  readonly publicKey: KeyObject;
}

/** Splits `name="value",name="value"` into a map, or returns why the list is malformed. */
function splitFields(list: string): Map<string, string> | string {
  const fields = new Map<string, string>();
  FIELD.lastIndex = 0;
  while (FIELD.lastIndex < list.length) {
    const match = FIELD.exec(list);
    if (match === null) return `malformed Authorization field list near ${JSON.stringify(list.slice(FIELD.lastIndex, FIELD.lastIndex + 16))}`;
    const [, name = '', value = ''] = match;
    if (fields.has(name)) return `duplicate Authorization field ${name}`;
    fields.set(name, value);
  }
  return fields;
}

/**
 * Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",serial_no="…",timestamp="…",nonce_str="…",signature="…"`
 * (fields quoted, comma-separated, in any order; unknown fields are ignored).
 *
 * @param header - the `Authorization` header value
 * @returns the five fields, or the issue that prevents reading them
 */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || header.trim() === '') return { ok: false, issue: 'missing Authorization header' };
  const [scheme = '', ...rest] = header.trim().split(' ');
  if (scheme !== AUTHORIZATION_SCHEME) return { ok: false, issue: `Authorization scheme must be ${AUTHORIZATION_SCHEME}, got ${JSON.stringify(scheme)}` };
  const fields = splitFields(rest.join(' '));
  if (typeof fields === 'string') return { ok: false, issue: fields };
  const absent = REQUIRED_FIELDS.find((name) => !fields.has(name));
  if (absent !== undefined) return { ok: false, issue: `missing Authorization field ${absent}` };
  const [mchid, serial_no, timestamp, nonce_str, signature] = REQUIRED_FIELDS.map((name) => fields.get(name) ?? '') as [string, string, string, string, string];
  return { ok: true, fields: { mchid, serial_no, timestamp, nonce_str, signature } };
}

/**
 * The body bytes a request's signature covers: the exact body, except for an upload (`multipart/form-data` with a
 * `meta` part), whose signature covers the `meta` JSON alone, as WeChat Pay requires. Signing the whole multipart
 * body is therefore refused.
 *
 * @param request - what was received
 */
export function signedBody(request: ReceivedRequest): Buffer {
  const contentType = request.headers?.['content-type'];
  return signedMeta(request.body, Array.isArray(contentType) ? contentType[0] : contentType) ?? request.body;
}

/**
 * The APIv3 request signing message `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n`, built over the exact
 * body bytes (so a body that is not valid UTF-8 is still checked byte for byte); for an upload, BODY is the
 * `meta` part (see {@link signedBody}).
 *
 * @param request - what was received
 * @param timestamp - the `timestamp` field
 * @param nonce - the `nonce_str` field
 */
export function requestMessage(request: ReceivedRequest, timestamp: string, nonce: string): Buffer {
  return Buffer.concat([Buffer.from(`${request.method}\n${request.target}\n${timestamp}\n${nonce}\n`), signedBody(request), Buffer.from('\n')]);
}

/**
 * Checks a request's `Authorization` as WeChat Pay does: the scheme, the five fields, the merchant ID,
 * the certificate serial (hexadecimal, compared case-insensitively: WeChat Pay accepts a lower-case one), the clock
 * window (|now − timestamp| ≤ {@link MAXIMUM_CLOCK_OFFSET}), a non-empty
 * nonce and the signature over the exact method, target and body bytes received.
 *
 * @param request - what was received
 * @param merchant - who may call
 * @param now - the sandbox clock, in Unix seconds
 * @returns why the check fails (never key material), or `undefined` when the request is authorized
 */
export function authorizationIssue(request: ReceivedRequest, merchant: ExpectedMerchant, now: number): string | undefined {
  const parsed = parseAuthorization(request.authorization);
  if (!parsed.ok) return parsed.issue;
  const { mchid, serial_no: serial, timestamp, nonce_str: nonce, signature } = parsed.fields;
  if (mchid !== merchant.mchid) return `mchid ${JSON.stringify(mchid)} is not the sandbox merchant ${JSON.stringify(merchant.mchid)}`;
  if (serial.toUpperCase() !== merchant.serial.toUpperCase()) return `unknown serial_no ${JSON.stringify(serial)}: the merchant certificate serial is ${JSON.stringify(merchant.serial)}`;
  if (!/^\d{1,12}$/.test(timestamp)) return `timestamp ${JSON.stringify(timestamp)} is not Unix seconds`;
  const offset = Number(timestamp) - now;
  if (Math.abs(offset) > MAXIMUM_CLOCK_OFFSET) {
    return `stale timestamp ${timestamp}: ${offset} s from the sandbox clock ${now}, beyond ±${MAXIMUM_CLOCK_OFFSET} s`;
  }
  if (nonce === '') return 'empty nonce_str';
  if (!Rsa.verify(requestMessage(request, timestamp, nonce), signature, merchant.publicKey)) {
    const signed = signedBody(request);
    const what = signed === request.body ? 'body bytes received' : 'bytes of the meta part (an upload signs its meta JSON, not the multipart body)';
    return `bad signature: it does not verify over ${request.method} ${request.target} with the ${signed.length} ${what}`;
  }
  return undefined;
}

/** How many body bytes `truncated_sign_message` keeps. */
const TRUNCATED_BODY_BYTES = 16;

/**
 * WeChat Pay's `sign_information`: what the server signed for the request, so a client can compare its
 * own signing message (`undefined` when the `Authorization` could not be parsed).
 */
function signInformation(request: ReceivedRequest): JsonObject | undefined {
  const parsed = parseAuthorization(request.authorization);
  if (!parsed.ok) return undefined;
  const message = requestMessage(request, parsed.fields.timestamp, parsed.fields.nonce_str);
  const truncated = requestMessage({ ...request, headers: {}, body: signedBody(request).subarray(0, TRUNCATED_BODY_BYTES) }, parsed.fields.timestamp, parsed.fields.nonce_str);
  return { method: request.method, url: request.target, sign_message_length: message.length, truncated_sign_message: truncated.toString('utf8') };
}

/**
 * `401 {"code":"SIGN_ERROR","message":"签名错误","detail":{"detail":{"issue":<issue>},"location":"authorization",…}}`,
 * with WeChat Pay's `sign_information` (method, url, `sign_message_length` and `truncated_sign_message`: the
 * signing message with the body cut to 16 bytes) when the header could be parsed.
 *
 * @param issue - why the `Authorization` check failed
 * @param request - what was received
 */
export function unauthorized(issue: string, request: ReceivedRequest): Answer {
  const information = signInformation(request);
  const detail = { detail: { issue }, field: 'signature', location: 'authorization' };
  return problem(401, 'SIGN_ERROR', '签名错误', information === undefined ? detail : { ...detail, sign_information: information });
}
