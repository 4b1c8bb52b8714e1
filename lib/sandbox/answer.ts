/**
 * Answers: what a route returns (`{ status, body }`), and how the sandbox turns it into the bytes and
 * the `Wechatpay-*` headers WeChat Pay would send, signed with the platform key.
 *
 * @module
 */

import { randomBytes, type KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa.js';
import { Formatter } from '../formatter.js';
import type { Fault } from './faults.js';
import type { JsonObject } from './validation.js';

/** What a route answers: a status and, unless it is 204, a JSON body. */
export interface Answer {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON body; absent for an empty body. */
  readonly body?: JsonObject;
  /** Extra headers, e.g. `Allow` on a 405. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An answer as written on the wire. */
export interface WireAnswer {
  /** The HTTP status. */
  readonly status: number;
  /** Every header, `Wechatpay-*` included. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact body bytes (empty for a 204). */
  readonly body: Buffer;
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
export function systemError(): Answer {
  return problem(500, 'SYSTEM_ERROR', '系统异常，请稍后重试');
}

/** The APIv3 answer signing message `TIMESTAMP\nNONCE\nBODY\n`, over the exact body bytes. */
function signingMessage(timestamp: number, nonce: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), body, Buffer.from('\n')]);
}

/**
 * Turns an answer into its wire form, signed as WeChat Pay signs: `Wechatpay-Nonce` (32 base62),
 * `Wechatpay-Timestamp`, `Wechatpay-Serial`, `Wechatpay-Signature` over `TIMESTAMP\nNONCE\nBODY\n`,
 * `Request-ID`, `Content-Length` and, with a body, `Content-Type: application/json; charset=utf-8`.
 * The signature-related faults (`bad-signature`, `stale-timestamp`, `unknown-serial`, `missing-headers`) are applied here.
 *
 * @param answer - what the route answered
 * @param signer - the platform key and serial
 * @param faults - the faults that apply to this answer
 */
export function sealAnswer(answer: Answer, signer: AnswerSigner, faults: readonly Fault[]): WireAnswer {
  const body = answer.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(answer.body));
  const timestamp = Formatter.timestamp() - (faults.includes('stale-timestamp') ? STALE_TIMESTAMP_OFFSET : 0);
  const nonce = Formatter.nonce();
  const message = signingMessage(timestamp, nonce, body);
  const signed = faults.includes('bad-signature') ? Buffer.concat([message, Buffer.from('tampered')]) : message;
  const headers: Record<string, string> = {
    ...answer.headers,
    'Request-ID': randomBytes(16).toString('hex').toUpperCase(),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Timestamp': String(timestamp),
    'Wechatpay-Serial': faults.includes('unknown-serial') ? UNKNOWN_SERIAL : signer.serial,
    'Content-Length': String(body.length),
  };
  if (!faults.includes('missing-headers')) headers['Wechatpay-Signature'] = Rsa.sign(signed, signer.key);
  if (answer.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  return { status: answer.status, headers, body };
}
