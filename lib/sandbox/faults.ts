/**
 * Faults: deliberate misbehaviour the sandbox can be armed with, to test how a client copes with
 * a broken signature, a skewed clock, an unknown serial, missing headers, a server error or a slow answer.
 *
 * @module
 */

import { assertSocketFault, isSocketFault, type OversizedFault, type SocketFault } from './socket-faults.js';

/**
 * A deliberate misbehaviour of the sandbox's next answer(s), whatever the route:
 * - `'bad-signature'`: `Wechatpay-Signature` is a valid signature of other bytes; on an APIv2 answer, the `sign`
 *   is one of other data;
 * - `'stale-timestamp'`: `Wechatpay-Timestamp` is ten minutes old (and the signature covers it);
 * - `'unknown-serial'`: `Wechatpay-Serial` is `PUB_KEY_ID_0000000000000000000000000000`, though the real key signs;
 * - `'missing-headers'`: no `Wechatpay-Signature` header;
 * - `'system-error'`: a properly signed `500 {"code":"SYSTEM_ERROR",…}` instead of the route's answer;
 * - `'rate-limited'`: a properly signed `429 {"code":"RATELIMIT_EXCEEDED",…}` with `Retry-After: 1`;
 * - `{ kind: 'delay', ms }`: the answer is written `ms` milliseconds late;
 * - {@link V2Fault}s, which change APIv2 answers only (an APIv3 answer still counts them down);
 * - {@link SocketFault}s, below HTTP: a server that never answers, drips its body, floods `102 Processing`, resets
 *   the connection before or in the middle of its answer, or sends an oversized or endless body.
 */
export type Fault = 'bad-signature' | 'stale-timestamp' | 'unknown-serial' | 'missing-headers' | 'system-error' | 'rate-limited' | DelayFault | V2Fault | SocketFault;

/**
 * The APIv2 faults:
 * - `'v2-missing-sign'`: the answer has no `sign`;
 * - `'v2-lowercase-sign'`: the right `sign`, in lower case;
 * - `'v2-return-fail'`: `return_code` FAIL with `return_msg` 系统繁忙,请稍后再试. (unsigned, as WeChat Pay sends it);
 * - `'v2-result-fail'`: `result_code` FAIL with `err_code` SYSTEMERROR and `err_code_des` 系统繁忙 (signed);
 * - `'v2-doctype'`: the answer is a document with a DOCTYPE declaring an external entity (an XXE probe).
 */
export type V2Fault = 'v2-missing-sign' | 'v2-lowercase-sign' | 'v2-return-fail' | 'v2-result-fail' | 'v2-doctype';

/** Answer `ms` milliseconds late. */
export interface DelayFault {
  /** `'delay'` */
  readonly kind: 'delay';
  /** The delay in milliseconds (a finite number ≥ 0). */
  readonly ms: number;
}

/** The string faults, for validating input that may come from untyped code. */
const NAMED_FAULTS: ReadonlySet<string> = new Set([
  'bad-signature',
  'stale-timestamp',
  'unknown-serial',
  'missing-headers',
  'system-error',
  'rate-limited',
  'v2-missing-sign',
  'v2-lowercase-sign',
  'v2-return-fail',
  'v2-result-fail',
  'v2-doctype',
]);

/** A fault with the number of answers it still applies to. */
interface Armed {
  readonly fault: Fault;
  remaining: number;
}

/**
 * Checks a fault and its count, as they may come from untyped code.
 *
 * @throws TypeError for an unknown fault
 * @throws RangeError for a negative or non-finite delay, or a count that is neither a positive integer nor `Infinity`
 */
function assertArmable(fault: Fault, times: number): void {
  if (isSocketFault(fault)) {
    assertSocketFault(fault);
  } else if (typeof fault === 'string' ? !NAMED_FAULTS.has(fault) : (fault as { kind?: unknown } | null)?.kind !== 'delay') {
    throw new TypeError(`Unknown sandbox fault ${JSON.stringify(fault)}.`);
  } else if (typeof fault === 'object' && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    throw new RangeError(`A delay fault needs a finite ms >= 0, got ${String(fault.ms)}.`);
  }
  if (times !== Infinity && !(Number.isInteger(times) && times >= 1)) {
    throw new RangeError(`A fault applies to a positive whole number of answers (or Infinity), got ${String(times)}.`);
  }
}

/** The faults armed on a sandbox, each counting down the answers it still applies to. */
export class FaultQueue {
  readonly #armed: Armed[] = [];

  /**
   * Arms `fault` for the next `times` answers. Faults of different kinds combine (a delayed answer
   * with a bad signature); each counts down on its own.
   *
   * @param fault - the misbehaviour
   * @param times - how many answers it applies to; `Infinity` until {@link FaultQueue.clear}
   * @throws TypeError for an unknown fault
   * @throws RangeError for a bad delay or count
   */
  arm(fault: Fault, times: number): void {
    assertArmable(fault, times);
    this.#armed.push({ fault, remaining: times });
  }

  /** Returns the faults that apply to the answer being written, and counts each of them down. */
  take(): Fault[] {
    const faults = this.#armed.map((armed) => armed.fault);
    for (const armed of this.#armed) armed.remaining -= 1;
    const live = this.#armed.filter((armed) => armed.remaining > 0);
    this.#armed.splice(0, this.#armed.length, ...live);
    return faults;
  }

  /** Disarms every fault. */
  clear(): void {
    this.#armed.length = 0;
  }
}

/**
 * The total delay the faults ask for, in milliseconds (0 when none does).
 *
 * @param faults - the faults of one answer
 */
export function delayOf(faults: readonly Fault[]): number {
  return faults.reduce((total, fault) => total + (typeof fault === 'object' && fault.kind === 'delay' ? fault.ms : 0), 0);
}

/** The socket fault among an answer's faults (the first armed), if any. */
export function socketFaultOf(faults: readonly Fault[]): SocketFault | undefined {
  return faults.find(isSocketFault);
}

/** The size of the oversized answer the faults ask for, if any. */
export function oversizedOf(faults: readonly Fault[]): number | undefined {
  const fault = faults.find((f): f is OversizedFault => typeof f === 'object' && f.kind === 'oversized');
  return fault?.bytes;
}
