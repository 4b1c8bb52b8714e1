/**
 * The shape of an APIv2 endpoint of the sandbox: a path, whether it needs the merchant's client certificate and
 * whether it answers signed, and a pure handler from the checked request fields to an outcome.
 *
 * @module
 */

import { randomInt } from 'node:crypto';
import type { PaymentLedger } from '../payments/ledger.js';
import type { Refusal } from '../payments/records.js';
import type { SandboxState } from '../state.js';

/** What an APIv2 handler receives: the request fields (text only; the signature, nonce and mch_id already checked). */
export interface V2RouteInput {
  /** The request fields. */
  readonly data: Readonly<Record<string, string>>;
  /** The sandbox state at the time of the call. */
  readonly state: Readonly<SandboxState>;
  /** The payment ledger, shared with the APIv3 payment endpoints. */
  readonly ledger: PaymentLedger;
  /** The time of the call. */
  readonly now: Date;
}

/** A business failure: `result_code` FAIL with `err_code` and `err_code_des`. */
export interface V2ResultFailure {
  /** `err_code`, e.g. `PARAM_ERROR`. */
  readonly errCode: string;
  /** `err_code_des`, e.g. `业务必填字段appid为空`. */
  readonly errCodeDes: string;
}

/** A success: the endpoint's own answer fields, in order (after the common ones). */
export interface V2Success {
  /** The endpoint's fields. */
  readonly fields: Readonly<Record<string, string>>;
}

/** What a handler answers. */
export type V2Outcome = V2Success | V2ResultFailure;

/** An APIv2 endpoint. */
export interface V2Route {
  /** The exact request path, e.g. `/vehicle/pay/notification`. */
  readonly path: string;
  /** Whether the merchant's client certificate is required (mutual TLS, as for refunds and red packets). */
  readonly certificate: boolean;
  /** Whether the answer carries `appid`, `nonce_str` and a `sign` (red packets answer unsigned). */
  readonly signed: boolean;
  /** Builds the outcome. */
  readonly handle: (input: V2RouteInput) => V2Outcome;
}

/**
 * `PARAM_ERROR` with a description.
 *
 * @param description - the `err_code_des`, e.g. from `routes/messages.ts`
 */
export function paramError(description: string): V2ResultFailure {
  return { errCode: 'PARAM_ERROR', errCodeDes: description };
}

/** The APIv2 `err_code` of a ledger refusal whose APIv3 code APIv2 spells otherwise. */
const V2_CODES: Readonly<Record<string, string>> = { ORDER_NOT_EXIST: 'ORDERNOTEXIST', RESOURCE_NOT_EXISTS: 'ORDERNOTEXIST', ORDER_CLOSED: 'ORDERCLOSED' };

/**
 * A payment ledger refusal as an APIv2 business failure: `ORDERNOTEXIST`, `ORDERCLOSED`, else the same code
 * (`ORDERPAID`, `OUT_TRADE_NO_USED`, `INVALID_REQUEST`), with the ledger's message.
 *
 * @param refusal - the ledger's refusal
 */
export function ledgerFailure(refusal: Refusal): V2ResultFailure {
  return { errCode: V2_CODES[refusal.code] ?? refusal.code, errCodeDes: refusal.message };
}

/**
 * A random decimal ID after a fixed prefix, as WeChat Pay's transaction, refund and red-packet IDs look.
 *
 * @param prefix - the leading digits
 * @param length - the total length
 */
export function randomId(prefix: string, length: number): string {
  let id = prefix;
  while (id.length < length) id += String(randomInt(10));
  return id;
}

/**
 * Whether `text` is a whole number of fen (cents) within `min`..`max`, written without sign or leading zero.
 *
 * @param text - the amount as sent
 * @param min - the least amount allowed
 * @param max - the greatest amount allowed
 */
export function isAmount(text: string, min: number, max: number): boolean {
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) >= min && Number(text) <= max;
}

/**
 * The business fields of a request: all but `nonce_str`, `sign` and `sign_type` (a retry carries a new nonce, and
 * may sign otherwise), as the ledger keeps a request and compares a repeated one.
 *
 * @param data - the request fields
 */
export function businessFields(data: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([name]) => name !== 'nonce_str' && name !== 'sign' && name !== 'sign_type'));
}
