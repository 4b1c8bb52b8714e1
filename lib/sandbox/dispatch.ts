/**
 * Dispatch of an authorized APIv3 request: route lookup, rate limit, JSON body, handler.
 *
 * @module
 */

import { paramError, problem, type Answer } from './answer.js';
import type { RateCounter, SandboxState } from './state.js';
import type { RequestHeaders, Route, Router, SandboxPlatform } from './router.js';
import type { JsonObject } from './validation.js';

/** An authorized request, as far as dispatch needs it. */
export interface DispatchRequest {
  /** The request method. */
  readonly method: string;
  /** The raw path, without the query. */
  readonly path: string;
  /** The decoded query. */
  readonly query: Readonly<Record<string, string>>;
  /** The exact body bytes. */
  readonly body: Buffer;
  /** The `Content-Type` header, if any. */
  readonly contentType: string | undefined;
  /** The request headers (`Wechatpay-Serial` …), when the server passes them on. */
  readonly headers?: RequestHeaders | undefined;
  /** The caller's merchant ID. */
  readonly mchid: string;
}

/** What dispatch works with. */
export interface DispatchContext {
  /** The route table. */
  readonly router: Router;
  /** The rate counter of the rate-limited routes. */
  readonly rates: RateCounter;
  /** The sandbox state. */
  readonly state: Readonly<SandboxState>;
  /** The time of the call. */
  readonly now: Date;
  /** The sandbox itself, for the routes that need its address or keys (certificates, sensitive fields, bills). */
  readonly platform?: SandboxPlatform | undefined;
}

/** The media type of a `Content-Type` header, lower case, without parameters (`''` when absent). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Parses a request body that must be a JSON object.
 *
 * @param body - the exact body bytes
 * @returns the object, or the `PARAM_ERROR` message saying why it is not one
 */
export function parseJsonObject(body: Buffer): JsonObject | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return '请求体不是合法的JSON';
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : '请求体应为JSON对象';
}

/**
 * `404 {"code":"NOT_FOUND","message":"接口不存在：<METHOD> <path>"}`.
 *
 * @param method - the request method
 * @param path - the raw request path
 */
export function notFound(method: string, path: string): Answer {
  return problem(404, 'NOT_FOUND', `接口不存在：${method} ${path}`);
}

/**
 * Answers an authorized APIv3 request:
 * - `404 NOT_FOUND` for a path no route knows, `405 METHOD_NOT_ALLOWED` (with `Allow`) for a known path and another method;
 * - `400 PARAM_ERROR` for a path parameter that is not valid percent-encoded UTF-8;
 * - `429 RATELIMIT_EXCEEDED` for a rate-limited route called more than `state.rateLimit` times in the last second;
 * - for a `POST`: `400 INVALID_REQUEST` unless `Content-Type` is `application/json` (`multipart/form-data` for an upload
 *   route), `400 PARAM_ERROR` unless a JSON body is a JSON object;
 * - otherwise whatever the route's handler answers.
 *
 * @param request - the request
 * @param context - the routes, the rate counter, the state and the time
 */
export function dispatch(request: DispatchRequest, context: DispatchContext): Answer {
  const { method, path } = request;
  const match = context.router.match(method, path);
  if (match.kind === 'not-found') return notFound(method, path);
  if (match.kind === 'method-not-allowed') {
    return { ...problem(405, 'METHOD_NOT_ALLOWED', `接口不支持${method}方法：${path}`), headers: { Allow: match.allow.join(', ') } };
  }
  if (match.kind === 'bad-param') return paramError(`路径参数${match.name}不是合法的URL编码`);
  const { route, params } = match;
  if (route.rateLimited === true && context.rates.hit(route.path, context.now.getTime()) > context.state.rateLimit) {
    return problem(429, 'RATELIMIT_EXCEEDED', '达到调用速率限制');
  }
  const body = route.method === 'POST' ? bodyOf(route, request) : { json: {} };
  if ('refusal' in body) return body.refusal;
  const { query, contentType, mchid } = request;
  const { state, now, platform } = context;
  return route.handle({ params, query, body: body.json, raw: request.body, contentType, headers: request.headers ?? {}, mchid, state, now, platform });
}

/**
 * The body a `POST` route takes, or the `400` answer refusing it: a JSON object under `Content-Type:
 * application/json`; for a multipart route, `{}` (the handler parses the raw bytes) under `multipart/form-data`.
 */
function bodyOf(route: Route, request: DispatchRequest): { readonly json: JsonObject } | { readonly refusal: Answer } {
  const multipart = route.accepts === 'multipart';
  const expected = multipart ? 'multipart/form-data' : 'application/json';
  if (mediaTypeOf(request.contentType) !== expected) return { refusal: problem(400, 'INVALID_REQUEST', `Content-Type应为${expected}`) };
  if (multipart) return { json: {} };
  const parsed = parseJsonObject(request.body);
  return typeof parsed === 'string' ? { refusal: paramError(parsed) } : { json: parsed };
}
