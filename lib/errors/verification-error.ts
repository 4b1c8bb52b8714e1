import type { WechatpayResponse } from '../response.js';
import type { RequestSummary } from './request-summary.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * The answer could not be proven to come from WeChat Pay: do not trust its content.
 * Subclasses name the cause; each carries the response and the (redacted) request.
 */
export class VerificationError extends WechatpayError {
  /** The unverified response. */
  readonly response: WechatpayResponse;
  /** The request, with its signature redacted. */
  readonly request: RequestSummary;
  /** The `Request-ID` header, when present. */
  readonly requestId: string | undefined;

  constructor(message: string, response: WechatpayResponse, request: RequestSummary, options?: { cause?: unknown }) {
    super(message, options);
    this.response = response;
    this.request = request;
    this.requestId = response.header('request-id');
  }
}
