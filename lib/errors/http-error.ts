import type { WechatpayResponse } from '../response.js';
import type { RequestSummary } from './request-summary.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * WeChat Pay answered with an HTTP error status (4xx or 5xx). Carries what support needs to help:
 * the status, WeChat's error `code`, its `message` and `detail`, the `Request-ID`, and the response itself.
 * `error.message` reads like `400 PARAM_ERROR: 业务必填字段brand_id为空 (POST /v3/businesscircle/parkings, Request-ID …)`.
 */
export class HttpError extends WechatpayError {
  /** The HTTP status code. */
  readonly status: number;
  /** WeChat Pay's error code (`PARAM_ERROR`, `SIGN_ERROR`, …), when the body is WeChat's JSON error. */
  readonly code: string | undefined;
  /** WeChat Pay's own `message`, when present. */
  readonly wechatMessage: string | undefined;
  /** WeChat Pay's `detail` object (e.g. `{ field, value, issue, location }`, or `sign_information` for SIGN_ERROR). */
  readonly detail: unknown;
  /** The `Request-ID` header, to quote to WeChat Pay support. */
  readonly requestId: string | undefined;
  /** The response, body included. */
  readonly response: WechatpayResponse;
  /** The request, with its signature redacted. */
  readonly request: RequestSummary;

  constructor(response: WechatpayResponse, request: RequestSummary) {
    const parsed = parseErrorBody(response);
    const requestId = response.header('request-id');
    const what = parsed.code !== undefined ? `${parsed.code}: ${parsed.message ?? ''}` : excerpt(response.text());
    const where = `${request.method} ${new URL(request.url).pathname}${requestId !== undefined ? `, Request-ID ${requestId}` : ''}`;
    super(`${response.status} ${what} (${where})`);
    this.status = response.status;
    this.code = parsed.code;
    this.wechatMessage = parsed.message;
    this.detail = parsed.detail;
    this.requestId = requestId;
    this.response = response;
    this.request = request;
  }
}

function parseErrorBody(response: WechatpayResponse): { code?: string; message?: string; detail?: unknown } {
  try {
    const body: unknown = response.json();
    if (typeof body === 'object' && body !== null) {
      const { code, message, detail } = body as Record<string, unknown>;
      return {
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof message === 'string' ? { message } : {}),
        ...(detail !== undefined ? { detail } : {}),
      };
    }
  } catch {
    // not JSON: an HTML error page or XML, described by its excerpt instead
  }
  return {};
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || '(empty body)';
}
