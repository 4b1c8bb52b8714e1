import { Hash } from '../crypto/hash.js';
import type { RequestSummary } from '../errors/request-summary.js';
import { SignatureMismatchError } from '../errors/signature-mismatch-error.js';
import { V2ResponseError } from '../errors/v2-response-error.js';
import { XmlError } from '../errors/xml-error.js';
import { bufferedBody } from '../pipeline/buffered.js';
import type { Middleware } from '../pipeline/middleware.js';
import type { WechatpayRequest } from '../pipeline/request.js';
import { rememberXml, type WechatpayResponse } from '../response.js';
import { Transformer } from '../transformer/transformer.js';
import { hasValidV2Sign, signTypeOfSign } from './sign.js';
import { isV2UnsignedPath } from './unsigned-paths.js';

const SUCCESS = 'SUCCESS';

/** What the checks of one answer need. */
interface Answer {
  readonly response: WechatpayResponse;
  readonly request: RequestSummary;
}

function where(request: RequestSummary): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

/**
 * Parses an answer with the hardened `Transformer.toArray`. A refused body (a DOCTYPE or entity, an HTML error page,
 * broken XML) surfaces as an `XmlError` of the same `reason`, with the response attached and the parser's error as
 * `cause`. (PHP reads such a body as `[]` and then rejects for the missing `return_code`.)
 */
export function parseV2Answer(body: Buffer, answer: Answer): Record<string, unknown> {
  try {
    return Transformer.toArray(body);
  } catch (cause) {
    if (!(cause instanceof XmlError)) throw cause;
    throw new XmlError(cause.reason, `The APIv2 answer to ${where(answer.request)} is refused: ${cause.message}`, { cause, ...answer });
  }
}

/** Whether an answer field is exactly `SUCCESS` (compared in constant time, as PHP; `success` is not). */
function isSuccess(value: unknown): boolean {
  return typeof value === 'string' && Hash.equals(SUCCESS, value);
}

/**
 * Checks the outcome fields, in PHP's order: `return_code` must be `SUCCESS`, and `result_code`, when present,
 * `SUCCESS` too.
 * @throws V2ResponseError exposing `return_msg`, `err_code`, `err_code_des`, the parsed body and the response.
 */
export function assertV2Success(data: Readonly<Record<string, unknown>>, answer: Answer): void {
  const resultFailed = data.result_code !== undefined && !isSuccess(data.result_code);
  if (!isSuccess(data.return_code) || resultFailed) throw new V2ResponseError(data, answer.response, answer.request);
}

/**
 * Verifies the answer's `sign` with the APIv2 key: HMAC-SHA256 for a 64-character sign, MD5 otherwise (the
 * answer's own `sign_type` is ignored, as in PHP); case-sensitive, constant-time.
 * @throws SignatureMismatchError for a missing or wrong sign; the message never shows the sign.
 */
export function assertV2Signed(data: Readonly<Record<string, unknown>>, secret: string, answer: Answer): void {
  if (hasValidV2Sign(data, secret)) return;
  const { sign } = data;
  const what =
    typeof sign === 'string'
      ? `its ${signTypeOfSign(sign)} \`sign\` does not match the data under the configured \`secret\` (a wrong APIv2 key, or a forged or altered answer)`
      : 'it has no `sign`; if this endpoint answers unsigned, pass `verify_signature: false`';
  throw new SignatureMismatchError(`The APIv2 answer to ${where(answer.request)} cannot be trusted: ${what}.`, answer.response, answer.request);
}

/** Whether an answer goes through untouched: an endpoint that answers unsigned, or `verify_signature: false`. */
function isExempt(request: WechatpayRequest): boolean {
  return request.options.verify_signature === false || isV2UnsignedPath(request.url.pathname);
}

/**
 * The APIv2 response middleware (`transform_response`). Unless the request path is one of `V2_UNSIGNED_PATHS`
 * (exact) or the request says `verify_signature: false` — then the answer is handed over untouched — it parses the
 * answer ({@link parseV2Answer}), checks `return_code`/`result_code` ({@link assertV2Success}), then the `sign`
 * ({@link assertV2Signed}). A streamed answer (`stream: true`) is read first and handed on as a stream of the
 * checked bytes.
 */
export function transformResponse(secret: string): Middleware {
  return async (request, next) => {
    const response = await next(request);
    if (isExempt(request)) return response;
    const { body, again } = await bufferedBody(response, request);
    // The redacted summary is built only if a check fails and an error needs it.
    const answer = {
      response,
      get request() {
        return request.summary();
      },
    };
    const data = parseV2Answer(body, answer);
    assertV2Success(data, answer);
    assertV2Signed(data, secret, answer);
    const checked = again();
    rememberXml(checked, data);
    return checked;
  };
}
