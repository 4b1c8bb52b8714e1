import type { RequestSummary } from './request-summary.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * The request did not get an answer: connection refused or reset, TLS failure, DNS failure, aborted.
 * `code` is the transport's code (e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`); `cause` is the original error.
 * A payment request that fails this way may or may not have reached WeChat Pay: query before retrying.
 */
export class NetworkError extends WechatpayError {
  /** The transport's error code, when it has one. */
  readonly code: string | undefined;
  /** The request, with its signature redacted. */
  readonly request: RequestSummary;

  constructor(message: string, request: RequestSummary, options?: { cause?: unknown; code?: string | undefined }) {
    super(message, options);
    this.code = options?.code;
    this.request = request;
  }
}
