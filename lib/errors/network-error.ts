import type { RequestSummary } from './request-summary.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * The request did not get an answer: connection refused or reset, TLS failure, DNS failure, aborted.
 * `code` is the transport's code (e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`); `cause` is the original error.
 * A payment request that fails this way may or may not have reached WeChat Pay (see {@link NetworkError.sent}): query
 * before retrying.
 */
export class NetworkError extends WechatpayError {
  /** The transport's error code, when it has one. */
  readonly code: string | undefined;
  /** The request, with its signature redacted. */
  readonly request: RequestSummary;
  /**
   * `false` when the request provably never left: DNS failed, the connection was refused, reset or timed out while
   * connecting, or the TLS handshake failed. Such a request is safe to send again, even a payment.
   */
  readonly sent: boolean;

  constructor(message: string, request: RequestSummary, options?: { cause?: unknown; code?: string | undefined; sent?: boolean }) {
    super(message, options);
    this.code = options?.code;
    this.request = request;
    this.sent = options?.sent ?? true;
  }
}
