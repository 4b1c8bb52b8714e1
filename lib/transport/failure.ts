/**
 * Turns whatever a transport step failed with (a socket error, undici's own errors, a fired deadline, a body over
 * its limit) into the SDK's typed error, with a message that says what happened and which setting applies.
 *
 * @module
 */

import { clip } from '../errors/clip.js';
import { NetworkError } from '../errors/network-error.js';
import { BodyTooLargeError } from '../errors/body-too-large-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { WechatpayError } from '../errors/wechatpay-error.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import { CONNECT_TIMEOUT_CODE, failedToConnect } from './connector.js';
import { DeadlineFired } from './deadline.js';
import { refusedCertificateNote } from './mtls.js';
import { OverLimit } from './read-body.js';

/** The settings a failure message may name. */
export interface FailureSettings {
  /** The overall deadline in seconds, `null` for none. */
  readonly timeout: number | null;
  /** The connect deadline in seconds. */
  readonly connectTimeout: number;
  /** The idle limit of a streamed body in seconds, `null` for none. */
  readonly readTimeout: number | null;
  /** The size limit of a buffered answer in bytes, `null` for none. */
  readonly maxResponseSize: number | null;
}

/** Codes that mean the connection was never made, whoever made the dispatcher (a caller's own included). */
const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', CONNECT_TIMEOUT_CODE]);

/** The first string `code` on an error or its chain of causes. */
export function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    current = cause;
  }
  return undefined;
}

/**
 * The typed error for a failed request.
 *
 * @param request - the request that failed
 * @param cause - what it failed with
 * @param settings - the deadlines and limits in force, for the message
 */
export function failureOf(request: WechatpayRequest, cause: unknown, settings: FailureSettings): WechatpayError {
  if (cause instanceof NetworkError || cause instanceof BodyTooLargeError) return cause;
  const where = `${request.method} ${request.url.origin}${request.url.pathname}`;
  const summary = request.summary();
  if (cause instanceof OverLimit) {
    const limit = settings.maxResponseSize ?? 0;
    return new BodyTooLargeError(
      `${where}: the answer is larger than ${String(limit)} bytes (${String(cause.size)} bytes ${request.options.stream === true ? 'read' : 'declared or read'}), the \`max_response_size\` option. Raise it for this call, or ask for \`stream: true\` and read the body as it comes.`,
      { limit, setting: 'max_response_size', size: cause.size, request: summary },
    );
  }
  if (cause instanceof DeadlineFired) {
    return cause.reason === 'timeout'
      ? new TimeoutError(`${where} timed out after ${String(settings.timeout)}s (the \`timeout\` option): no complete answer in time. A payment request may still have reached WeChat Pay: query it before sending it again.`, summary, { cause, code: 'ETIMEDOUT' })
      : new NetworkError(`${where} was aborted by its signal.`, summary, { cause, code: 'ABORT_ERR' });
  }
  const code = codeOf(cause);
  if (code === CONNECT_TIMEOUT_CODE || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new TimeoutError(`${where} could not connect within ${String(settings.connectTimeout)}s (the \`connect_timeout\` option): nothing was sent.`, summary, { cause, code, sent: false });
  }
  if (code === 'UND_ERR_BODY_TIMEOUT') {
    return new TimeoutError(`${where}: the answer's body stalled for ${String(settings.readTimeout)}s (the \`read_timeout\` option).`, summary, { cause, code });
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new TimeoutError(`${where} timed out waiting for the answer's headers (${code}).`, summary, { cause, code });
  }
  const sent = !(failedToConnect(cause) || NEVER_SENT.has(code ?? ''));
  const reason = clip(cause instanceof Error ? cause.message : String(cause), 300);
  const note = refusedCertificateNote(request.url, code, request.options.security === true);
  const message = `${where} failed: ${reason}${code !== undefined && !reason.includes(code) ? ` (${code})` : ''}${note === undefined ? '' : `. ${note}`}`;
  return new NetworkError(`${message}${sent ? '' : ' Nothing was sent.'}`, summary, { cause, code, sent });
}
