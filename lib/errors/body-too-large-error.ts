import type { RequestSummary } from './request-summary.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * An answer (or a callback body) was larger than its size limit, so it was not read further: the connection was
 * dropped as soon as the limit was passed (or at once, when its `Content-Length` said so). WeChat Pay's own answers
 * are small; raise the setting the message names for a call that really needs more, or ask for `stream: true`.
 */
export class BodyTooLargeError extends WechatpayError {
  /** The limit that was passed, in bytes. */
  readonly limit: number;
  /** The option that sets that limit (`max_response_size`, `max_body_size`). */
  readonly setting: string;
  /** The size the sender declared (`Content-Length`), or the bytes received when the limit was passed. */
  readonly size: number;
  /** The request, with its signature redacted (absent for a callback body). */
  readonly request: RequestSummary | undefined;

  constructor(message: string, details: { limit: number; setting: string; size: number; request?: RequestSummary | undefined }) {
    super(message);
    this.limit = details.limit;
    this.setting = details.setting;
    this.size = details.size;
    this.request = details.request;
  }
}
