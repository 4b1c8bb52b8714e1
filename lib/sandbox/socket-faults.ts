/**
 * Socket-level faults: a sandbox that misbehaves below HTTP's semantics, the way a broken network, a stuck proxy or a
 * hostile server does, so a client's deadlines, size limits and typed errors can be tested against it.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeAnswer, type WireAnswer } from './answer.js';

/**
 * A misbehaviour at the socket level, applied instead of writing the answer normally:
 * - `'hang'`: the request is read, and nothing is ever answered (the socket stays open until the client leaves or
 *   the sandbox closes);
 * - `{ kind: 'drip', ms }`: the headers at once, then the body one byte every `ms` milliseconds (default 1000);
 * - `{ kind: 'flood-1xx', ms }`: a `102 Processing` every `ms` milliseconds (default 1000), never a final answer;
 * - `'reset-before-answer'`: the connection is reset (TCP RST) once the request is read;
 * - `'reset-mid-answer'`: the headers and half the body, then a reset;
 * - `{ kind: 'oversized', bytes }`: a properly signed `200` whose JSON body is `bytes` long;
 * - `'endless'`: a `200` whose chunked body never ends (written as fast as the client reads).
 */
export type SocketFault = 'hang' | 'reset-before-answer' | 'reset-mid-answer' | 'endless' | DripFault | FloodFault | OversizedFault;

/** The body one byte at a time. */
export interface DripFault {
  readonly kind: 'drip';
  /** Milliseconds between two bytes; default 1000. */
  readonly ms?: number;
}

/** Interim answers only. */
export interface FloodFault {
  readonly kind: 'flood-1xx';
  /** Milliseconds between two `102 Processing`; default 1000. */
  readonly ms?: number;
}

/** A signed answer of a given size. */
export interface OversizedFault {
  readonly kind: 'oversized';
  /** The body's size in bytes (at least 16). */
  readonly bytes: number;
}

/** The named socket faults. */
export const NAMED_SOCKET_FAULTS: ReadonlySet<string> = new Set(['hang', 'reset-before-answer', 'reset-mid-answer', 'endless']);

/** The kinds of the object socket faults. */
const OBJECT_KINDS: ReadonlySet<string> = new Set(['drip', 'flood-1xx', 'oversized']);

/** Whether `fault` is a socket fault. */
export function isSocketFault(fault: unknown): fault is SocketFault {
  if (typeof fault === 'string') return NAMED_SOCKET_FAULTS.has(fault);
  return typeof fault === 'object' && fault !== null && OBJECT_KINDS.has(String((fault as { kind?: unknown }).kind));
}

/**
 * Checks an object socket fault's numbers, as they may come from untyped code.
 *
 * @throws RangeError for an interval that is not a positive finite number, or a size under 16 bytes
 */
export function assertSocketFault(fault: SocketFault): void {
  if (typeof fault === 'string') return;
  if (fault.kind === 'oversized') {
    if (!Number.isSafeInteger(fault.bytes) || fault.bytes < 16) throw new RangeError(`An oversized fault needs bytes, a whole number >= 16, got ${String(fault.bytes)}.`);
    return;
  }
  if (fault.ms !== undefined && !(Number.isFinite(fault.ms) && fault.ms > 0)) throw new RangeError(`A ${fault.kind} fault needs ms > 0, got ${String(fault.ms)}.`);
}

/** The JSON body of an oversized answer: `{"padding":"xxx…"}`, exactly `bytes` long. */
export function oversizedBody(bytes: number): Buffer {
  const frame = '{"padding":""}';
  return Buffer.from(`{"padding":"${'x'.repeat(Math.max(0, bytes - frame.length))}"}`);
}

/** An APIv2 answer of `bytes` bytes: an XML document padded to that size (unsigned: its size is the point). */
export function oversizedV2(bytes: number): WireAnswer {
  const frame = '<xml><padding></padding></xml>';
  const body = Buffer.from(`<xml><padding>${'x'.repeat(Math.max(0, bytes - frame.length))}</padding></xml>`);
  return { status: 200, headers: { 'Content-Type': 'text/xml', 'Content-Length': String(body.length) }, body };
}

/** Resets the connection (RST, not FIN), as a crashed peer or a middlebox does. */
function reset(request: IncomingMessage): void {
  const { socket } = request;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** Drops the connection when the sandbox closes; lets go of `closing` once the connection is gone. */
function dropOnClose(request: IncomingMessage, closing: AbortSignal): void {
  const drop = (): void => {
    request.socket.destroy();
  };
  closing.addEventListener('abort', drop, { once: true });
  request.socket.once('close', () => {
    closing.removeEventListener('abort', drop);
  });
}

/** Repeats `step` every `ms` until the connection closes (or the sandbox does). */
function every(ms: number, request: IncomingMessage, closing: AbortSignal, step: () => boolean): void {
  const timer = setInterval(() => {
    if (!step()) clearInterval(timer);
  }, ms);
  request.socket.once('close', () => {
    clearInterval(timer);
  });
  dropOnClose(request, closing);
}

/**
 * Answers (or does not) as `fault` says.
 *
 * @param fault - the socket fault
 * @param request - the request, read to its end
 * @param response - where the answer would have been written
 * @param wire - the answer the route gave, signed
 * @param closing - fires when the sandbox closes
 */
export function misbehave(fault: SocketFault, request: IncomingMessage, response: ServerResponse, wire: WireAnswer, closing: AbortSignal): void {
  if (fault === 'hang') {
    dropOnClose(request, closing);
    return;
  }
  if (fault === 'reset-before-answer') {
    reset(request);
    return;
  }
  if (fault === 'reset-mid-answer') {
    response.writeHead(wire.status, { ...wire.headers, 'Content-Length': String(wire.body.length) });
    response.write(wire.body.subarray(0, Math.floor(wire.body.length / 2)), () => {
      reset(request);
    });
    return;
  }
  if (fault === 'endless') {
    const headers = Object.fromEntries(Object.entries(wire.headers).filter(([name]) => name !== 'Content-Length'));
    response.writeHead(200, headers);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (!response.destroyed && response.write(chunk));
    };
    response.on('drain', pump);
    dropOnClose(request, closing);
    pump();
    return;
  }
  if (fault.kind === 'flood-1xx') {
    every(fault.ms ?? 1000, request, closing, () => {
      response.writeProcessing();
      return true;
    });
    return;
  }
  if (fault.kind === 'drip') {
    response.writeHead(wire.status, wire.headers);
    response.flushHeaders();
    let at = 0;
    every(fault.ms ?? 1000, request, closing, () => {
      if (at >= wire.body.length) {
        response.end();
        return false;
      }
      response.write(wire.body.subarray(at, at + 1));
      at += 1;
      return true;
    });
    return;
  }
  // 'oversized': an ordinary answer whose large body the sandbox built before sealing it (see oversizedBody)
  writeAnswer(response, wire);
}
