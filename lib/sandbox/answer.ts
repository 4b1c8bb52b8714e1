/**
 * Answers: what a route returns (`{ status, body }`), and how the sandbox turns it into the bytes and
 * the `Wechatpay-*` headers WeChat Pay would send, signed with the platform key.
 *
 * @module
 */

import { randomBytes, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Rsa } from '../crypto/rsa.js';
import { Formatter } from '../formatter.js';
import type { Fault } from './faults.js';
import type { JsonObject } from './validation.js';

/** Chunks produced while an answer is written: a download too large to build in memory. */
export type ChunkSource = () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** A body that is not JSON: its media type, and its bytes or the chunks streamed when the answer is written. */
export type RawBody =
  | { readonly contentType: string; readonly bytes: Buffer }
  | { readonly contentType: string; readonly chunks: ChunkSource };

/** What a route answers: a status and, unless it is 204, a JSON body (or a raw one, for a download). */
export interface Answer {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON body; absent for an empty body. */
  readonly body?: JsonObject;
  /** A body that is not JSON (a bill, an image), instead of `body`. */
  readonly raw?: RawBody;
  /** `true`: no `Wechatpay-*` headers, as WeChat Pay sends its downloads (bills, complaint images). */
  readonly unsigned?: boolean;
  /** Extra headers, e.g. `Allow` on a 405. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An answer as written on the wire. */
export interface WireAnswer {
  /** The HTTP status. */
  readonly status: number;
  /** Every header, `Wechatpay-*` included (unless the answer is unsigned). */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes (empty for a 204, and for a streamed answer). */
  readonly body: Buffer;
  /** The chunks of a streamed answer, which {@link writeAnswer} sends as they come (chunked, no `Content-Length`). */
  readonly stream?: ChunkSource;
}

/** Who signs answers: the platform private key and the serial announced in `Wechatpay-Serial`. */
export interface AnswerSigner {
  /** The platform private key. */
  readonly key: KeyObject;
  /** The platform certificate serial or public key ID. */
  readonly serial: string;
}

/** The serial announced by the `'unknown-serial'` fault. */
export const UNKNOWN_SERIAL = 'PUB_KEY_ID_0000000000000000000000000000';

/** How far in the past the `'stale-timestamp'` fault dates an answer, in seconds. */
export const STALE_TIMESTAMP_OFFSET = 600;

/**
 * A JSON answer.
 *
 * @param status - the HTTP status
 * @param body - the JSON body
 */
export function json(status: number, body: JsonObject): Answer {
  return { status, body };
}

/**
 * An unsigned download, as WeChat Pay serves bills and complaint images: bytes, or chunks streamed when written.
 *
 * @param raw - the media type and the bytes or chunks
 */
export function download(raw: RawBody): Answer {
  return { status: 200, raw, unsigned: true };
}

/** `204 No Content`. */
export function noContent(): Answer {
  return { status: 204 };
}

/**
 * A WeChat Pay error answer: `{"code":…,"message":…}`, plus `detail` when given.
 *
 * @param status - the HTTP status
 * @param code - the error code, e.g. `PARAM_ERROR`
 * @param message - the human-readable message
 * @param detail - extra detail, as WeChat Pay's `detail` member
 */
export function problem(status: number, code: string, message: string, detail?: JsonObject): Answer {
  return json(status, detail === undefined ? { code, message } : { code, message, detail });
}

/**
 * `400 {"code":"PARAM_ERROR","message":<message>}`.
 *
 * @param message - the message, as in the endpoint's error table (e.g. `业务必填字段time为空`)
 */
export function paramError(message: string): Answer {
  return problem(400, 'PARAM_ERROR', message);
}

/** `500 {"code":"SYSTEM_ERROR","message":"系统异常，请稍后重试"}`. */
/** `429 RATELIMIT_EXCEEDED` with `Retry-After: 1`, as the rate-limited fault answers. */
export function rateLimited(): Answer {
  return { ...problem(429, 'RATELIMIT_EXCEEDED', '达到调用速率限制'), headers: { 'Retry-After': '1' } };
}

export function systemError(): Answer {
  return problem(500, 'SYSTEM_ERROR', '系统异常，请稍后重试');
}

/** The APIv3 answer signing message `TIMESTAMP\nNONCE\nBODY\n`, over the exact body bytes. */
function signingMessage(timestamp: number, nonce: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]);
}

/** The `Wechatpay-*` headers of a signed answer over `body`, with the signature faults applied. */
function signatureHeaders(body: Buffer, signer: AnswerSigner, faults: readonly Fault[]): Record<string, string> {
  const timestamp = Formatter.timestamp() - (faults.includes('stale-timestamp') ? STALE_TIMESTAMP_OFFSET : 0);
  const nonce = Formatter.nonce();
  const message = signingMessage(timestamp, nonce, body);
  const signed = faults.includes('bad-signature') ? Buffer.concat([message, Buffer.from('tampered')]) : message;
  const headers: Record<string, string> = {
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Timestamp': String(timestamp),
    'Wechatpay-Serial': faults.includes('unknown-serial') ? UNKNOWN_SERIAL : signer.serial,
  };
  if (!faults.includes('missing-headers')) headers['Wechatpay-Signature'] = Rsa.sign(signed, signer.key);
  return headers;
}

/** The bytes of a body that is not streamed (empty for none, and for a streamed one). */
function bodyBytes(answer: Answer): Buffer {
  if (answer.raw !== undefined) return 'bytes' in answer.raw ? answer.raw.bytes : Buffer.alloc(0);
  return answer.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(answer.body));
}

/**
 * Turns an answer into its wire form, signed as WeChat Pay signs: `Wechatpay-Nonce` (32 base62),
 * `Wechatpay-Timestamp`, `Wechatpay-Serial`, `Wechatpay-Signature` over `TIMESTAMP\nNONCE\nBODY\n`,
 * `Request-ID`, `Content-Length` and, with a body, `Content-Type: application/json; charset=utf-8` (or the raw
 * body's type). The signature-related faults (`bad-signature`, `stale-timestamp`, `unknown-serial`, `missing-headers`)
 * are applied here. An `unsigned` answer gets no `Wechatpay-*` header; a streamed one no `Content-Length`.
 *
 * @param answer - what the route answered
 * @param signer - the platform key and serial
 * @param faults - the faults that apply to this answer
 */
export function sealAnswer(answer: Answer, signer: AnswerSigner, faults: readonly Fault[]): WireAnswer {
  const body = bodyBytes(answer);
  const stream = answer.raw !== undefined && 'chunks' in answer.raw ? answer.raw.chunks : undefined;
  const headers: Record<string, string> = { ...answer.headers, 'Request-ID': randomBytes(16).toString('hex').toUpperCase() };
  if (answer.unsigned !== true) Object.assign(headers, signatureHeaders(body, signer, faults));
  if (stream === undefined) headers['Content-Length'] = String(body.length);
  if (answer.raw !== undefined) headers['Content-Type'] = answer.raw.contentType;
  else if (answer.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  return stream === undefined ? { status: answer.status, headers, body } : { status: answer.status, headers, body, stream };
}

/**
 * Writes a wire answer: the status and headers, then the body bytes, or the chunks of a streamed answer as they
 * are produced (with backpressure, so a download of any size is never held in memory). A client that goes away
 * mid-stream ends the stream.
 *
 * @param response - the server response
 * @param wire - the sealed answer
 */
export function writeAnswer(response: ServerResponse, wire: WireAnswer): void {
  response.writeHead(wire.status, wire.headers);
  if (wire.stream === undefined) {
    response.end(wire.body);
    return;
  }
  pipeline(wire.stream(), response).catch(() => response.destroy());
}
