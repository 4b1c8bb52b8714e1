/**
 * Exit codes, and the one line a failure is reported in.
 *
 * @module
 */

import { ConfigError } from '../errors/config-error.js';
import { HttpError } from '../errors/http-error.js';
import { NetworkError } from '../errors/network-error.js';
import { TemplateError } from '../errors/template-error.js';
import { V2RequestError } from '../errors/v2-request-error.js';
import { V2ResponseError } from '../errors/v2-response-error.js';
import { VerificationError } from '../errors/verification-error.js';
import { XmlError } from '../errors/xml-error.js';
import { WechatpayError } from '../errors/wechatpay-error.js';
import { UsageError } from './usage-error.js';

/** What `wxpay` exits with. */
export const ExitCode = {
  /** It worked. */
  OK: 0,
  /** WeChat Pay answered with an error (its code and message are on stderr). */
  WECHAT_ERROR: 1,
  /** The command line or the configuration is wrong; nothing was sent. */
  USAGE: 2,
  /** No trustworthy answer: a network failure, a timeout, or an answer that failed verification. */
  FAILURE: 3,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit code for an error:
 * - 2: usage, configuration and template errors, and APIv2 data that cannot be signed (nothing was sent);
 * - 3: a network failure, an answer that failed verification, or one that is not XML where XML was due;
 * - 1: an error answer from WeChat Pay: an `HttpError`, an APIv2 `FAIL`, or any other SDK error carrying the answer;
 * - 3: anything else.
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof TemplateError || error instanceof V2RequestError) return ExitCode.USAGE;
  if (error instanceof VerificationError || error instanceof NetworkError || error instanceof XmlError) return ExitCode.FAILURE;
  if (error instanceof HttpError || error instanceof V2ResponseError) return ExitCode.WECHAT_ERROR;
  if (error instanceof WechatpayError && 'response' in error) return ExitCode.WECHAT_ERROR;
  return ExitCode.FAILURE;
}

/** A message on one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The line printed on stderr for an error: `wxpay: <message>`, with a pointer to the help for a usage error, the
 * `--var` to give for an unfilled placeholder, WeChat Pay's `detail` for an error answer, and never a stack trace.
 */
export function errorLine(error: unknown): string {
  if (error instanceof UsageError) {
    return `wxpay: ${oneLine(error.message)} (see wxpay ${error.command === undefined || error.command === 'request' ? '' : `${error.command} `}--help)`;
  }
  if (error instanceof TemplateError && error.variable !== undefined) {
    return `wxpay: The path ${error.template} has the placeholder {${error.variable}}: fill it with --var ${error.variable}=….`;
  }
  if (error instanceof HttpError) {
    return `wxpay: ${oneLine(error.message)}${error.detail === undefined ? '' : ` detail: ${JSON.stringify(error.detail)}`}`;
  }
  if (error instanceof WechatpayError) return `wxpay: ${oneLine(error.message)}`;
  const message = error instanceof Error ? error.message : String(error);
  return `wxpay: unexpected error: ${oneLine(message)}`;
}
