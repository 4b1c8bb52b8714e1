/**
 * The sandbox's control API: plain, unsigned JSON over HTTP under {@link CONTROL_PREFIX}, so that a shell, a PHP, Java,
 * Go or Python test can do what a Node test does in process — read the request log, arm faults, read and set the
 * state, pay orders, end refunds, send callbacks. See docs/sandbox.md for every endpoint.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { writeAnswer } from '../answer.js';
import type { Fault } from '../faults.js';
import type { NotificationKind, NotifierReply } from '../notifier.js';
import { SandboxPaymentError, type PaymentEvent } from '../payments/payments.js';
import { decodeQuery, splitTarget } from '../recorder.js';
import type { Sandbox } from '../sandbox.js';
import { patchState } from './state-patch.js';
import { recordJson } from './record-json.js';

/** The path prefix of the control API: nothing under it is a WeChat Pay endpoint. */
export const CONTROL_PREFIX = '/__sandbox/';

/** What the control API drives: a sandbox. */
export type ControlTarget = Pick<
  Sandbox,
  'url' | 'httpsUrl' | 'controlUrl' | 'mchid' | 'merchantSerial' | 'platformSerial' | 'mode' | 'state' | 'payments' | 'requests' | 'fault' | 'reset' | 'notify'
>;

/** A control request: the path after the prefix, the decoded query, the JSON body (`{}` when empty). */
interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/** A control answer: a status and a JSON body (none for 204). */
interface ControlAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** A refusal, as `{ code, message }`. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A control endpoint: a method, a path pattern (its groups are the parameters), and a handler. */
interface Endpoint {
  readonly method: readonly string[];
  readonly pattern: RegExp;
  readonly handle: (target: ControlTarget, request: ControlRequest, params: readonly string[]) => ControlAnswer | Promise<ControlAnswer>;
}

/** What a callback's handler answered. */
function replyJson(reply: NotifierReply | undefined): unknown {
  return reply === undefined ? null : { status: reply.status, body: reply.body };
}

/** A payment event: the resource and the callback's reply. */
function eventJson(event: PaymentEvent): ControlAnswer {
  return { status: 200, body: { resource: event.resource, callback: replyJson(event.callback) } };
}

/** A string member of the body, or `undefined`; anything else is refused. */
function optionalString(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || typeof value === 'string') return value;
  throw new Refused(400, 'PARAM_ERROR', `${name} must be a string`);
}

/** `times` as JSON carries it: a number, or `"Infinity"`; default 1. */
function timesOf(value: unknown): number {
  if (value === undefined) return 1;
  if (value === 'Infinity') return Infinity;
  if (typeof value === 'number') return value;
  throw new Refused(400, 'PARAM_ERROR', 'times must be a whole number >= 1 or "Infinity"');
}

/** The control endpoints. */
const ENDPOINTS: readonly Endpoint[] = [
  {
    method: ['GET'],
    pattern: /^$/,
    handle: (target) => ({
      status: 200,
      body: { url: target.url, httpsUrl: target.httpsUrl, controlUrl: target.controlUrl, mchid: target.mchid, merchantSerial: target.merchantSerial, platformSerial: target.platformSerial, mode: target.mode },
    }),
  },
  { method: ['GET'], pattern: /^requests$/, handle: (target) => ({ status: 200, body: target.requests.map(recordJson) }) },
  {
    method: ['POST'],
    pattern: /^reset$/,
    handle: (target) => {
      target.reset();
      return { status: 204 };
    },
  },
  {
    method: ['POST'],
    pattern: /^faults$/,
    handle: (target, { body }) => {
      if (body.fault === undefined || body.fault === null) throw new Refused(400, 'PARAM_ERROR', 'give the fault: {"fault":"system-error","times":1}');
      target.fault(body.fault as Fault, timesOf(body.times));
      return { status: 204 };
    },
  },
  { method: ['GET'], pattern: /^state$/, handle: (target) => ({ status: 200, body: target.state }) },
  {
    method: ['PATCH', 'POST'],
    pattern: /^state$/,
    handle: (target, { body }) => {
      const issue = patchState(target.state, body);
      if (issue !== undefined) throw new Refused(400, 'PARAM_ERROR', issue);
      return { status: 200, body: target.state };
    },
  },
  { method: ['GET'], pattern: /^orders$/, handle: (target) => ({ status: 200, body: target.payments.orders() }) },
  {
    method: ['DELETE'],
    pattern: /^orders$/,
    handle: (target) => {
      target.payments.ledger.clear();
      return { status: 204 };
    },
  },
  {
    method: ['GET'],
    pattern: /^orders\/([^/]+)$/,
    handle: (target, { query }, [outTradeNo = '']) => {
      const found = target.payments.ledger.lookup(outTradeNo, query.sub_mchid);
      if (!found.ok) throw new SandboxPaymentError(found.refusal.status, found.refusal.code, found.refusal.message);
      return { status: 200, body: target.payments.orders().find((order) => order.out_trade_no === outTradeNo && (query.sub_mchid === undefined || order.sub_mchid === query.sub_mchid)) };
    },
  },
  {
    method: ['POST'],
    pattern: /^orders\/([^/]+)\/pay$/,
    handle: async (target, { body }, [outTradeNo = '']) => {
      const payer = body.payer;
      if (payer !== undefined && (typeof payer !== 'object' || payer === null || Object.values(payer).some((v) => typeof v !== 'string'))) throw new Refused(400, 'PARAM_ERROR', 'payer must be an object of strings, e.g. {"openid":"o…"}');
      const subMchid = optionalString(body, 'sub_mchid');
      const options = { ...(subMchid === undefined ? {} : { subMchid }), ...(payer === undefined ? {} : { payer: payer as Record<string, string> }), notify: body.notify !== false };
      return eventJson(await target.payments.pay(outTradeNo, options));
    },
  },
  { method: ['POST'], pattern: /^orders\/([^/]+)\/close$/, handle: (target, { body }, [outTradeNo = '']) => ({ status: 200, body: target.payments.close(outTradeNo, optionalString(body, 'sub_mchid')) }) },
  { method: ['GET'], pattern: /^refunds$/, handle: (target) => ({ status: 200, body: target.payments.refunds() }) },
  {
    method: ['POST'],
    pattern: /^refunds\/([^/]+)\/end$/,
    handle: async (target, { body }, [outRefundNo = '']) => {
      const status = (optionalString(body, 'status') ?? 'SUCCESS') as 'SUCCESS';
      return eventJson(await target.payments.endRefund(outRefundNo, status, body.notify !== false));
    },
  },
  {
    method: ['POST'],
    pattern: /^notify$/,
    handle: async (target, { body }) => {
      const kind = optionalString(body, 'kind');
      const url = optionalString(body, 'url');
      if (kind === undefined || url === undefined) throw new Refused(400, 'PARAM_ERROR', 'give the callback kind and the handler url: {"kind":"transaction.success","url":"http://127.0.0.1:3000/notify"}');
      const resource = body.resource;
      if (resource !== undefined && typeof resource !== 'string' && (typeof resource !== 'object' || resource === null)) throw new Refused(400, 'PARAM_ERROR', 'resource must be an object (fields merged into the sample) or a string (the exact plaintext)');
      const reply = await target.notify(kind as NotificationKind, url, resource === undefined ? {} : { resource: resource as Record<string, unknown> | string });
      return { status: 200, body: { callback: replyJson(reply), sent: { headers: reply.sent.headers, body: reply.sent.body } } };
    },
  },
];

/** The answer to a control request, whatever happens: a refusal, an error of the sandbox, or a callback that failed. */
export async function answerControl(target: ControlTarget, request: ControlRequest): Promise<ControlAnswer> {
  const matching = ENDPOINTS.flatMap((endpoint) => {
    const match = endpoint.pattern.exec(request.path);
    return match === null ? [] : [{ endpoint, params: match.slice(1) }];
  });
  const found = matching.find(({ endpoint }) => endpoint.method.includes(request.method));
  if (found === undefined) {
    if (matching.length > 0) return { status: 405, body: { code: 'METHOD_NOT_ALLOWED', message: `${request.method} ${CONTROL_PREFIX}${request.path}: use ${matching.flatMap(({ endpoint }) => endpoint.method).join(' or ')}` } };
    return { status: 404, body: { code: 'NOT_FOUND', message: `no control endpoint ${request.method} ${CONTROL_PREFIX}${request.path}; see docs/sandbox.md` } };
  }
  try {
    return await found.endpoint.handle(target, request, found.params.map(decodeParam));
  } catch (error) {
    if (error instanceof Refused || error instanceof SandboxPaymentError) return { status: error.status, body: { code: error.code, message: error.message } };
    if (error instanceof TypeError || error instanceof RangeError) return { status: 400, body: { code: 'PARAM_ERROR', message: error.message } };
    return { status: 502, body: { code: 'CALLBACK_FAILED', message: `the callback could not be delivered: ${(error as Error).message}` } };
  }
}

/** The JSON object body of a control request (`{}` when empty), or `undefined` when it is not one. */
function parseBody(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered by the caller
  }
  return undefined;
}

/** A path parameter percent-decoded, or a refusal. */
function decodeParam(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Refused(400, 'PARAM_ERROR', `${JSON.stringify(part)} is not valid percent-encoded UTF-8`);
  }
}

/**
 * Whether a request target is a control API one.
 *
 * @param target - the raw request target
 */
export function isControlTarget(target: string): boolean {
  return target.startsWith(CONTROL_PREFIX) || target === CONTROL_PREFIX.slice(0, -1);
}

/**
 * Answers a control request (not recorded, not signed): `application/json`, or `204`.
 *
 * @param target - the sandbox
 * @param request - the request, read
 * @param body - its body bytes
 * @param response - where to write the answer
 */
export async function serveControl(target: ControlTarget, request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
  const { path, rawQuery } = splitTarget(request.url ?? '/');
  const parsed = parseBody(body);
  const relative = path.slice(CONTROL_PREFIX.length).replace(/\/$/, '');
  const answer =
    parsed === undefined
      ? { status: 400, body: { code: 'PARAM_ERROR', message: 'the body must be a JSON object' } }
      : await answerControl(target, { method: request.method ?? 'GET', path: relative, query: decodeQuery(rawQuery), body: parsed });
  const bytes = answer.body === undefined ? Buffer.alloc(0) : Buffer.from(`${JSON.stringify(answer.body, null, 2)}\n`);
  const headers: Record<string, string> = { 'Content-Length': String(bytes.length), 'Cache-Control': 'no-store' };
  if (answer.body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
  writeAnswer(response, { status: answer.status, headers, body: bytes });
}
