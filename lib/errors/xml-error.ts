import type { WechatpayResponse } from '../response.js';
import type { RequestSummary } from './request-summary.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * Why an XML input was rejected by {@link Transformer.toArray}:
 *
 * - `'empty'`: the input is empty or whitespace only;
 * - `'doctype'`: it contains a `<!DOCTYPE` declaration (WeChat Pay never sends one);
 * - `'entity'`: it contains an `<!ENTITY` declaration (XXE, billion laughs, entity injection);
 * - `'multiple-roots'`: an element, text or a second document follows the root element;
 * - `'not-xml'`: it is not an XML document at all, e.g. JSON, plain text or an HTML error page;
 * - `'malformed'`: it looks like XML but is not well-formed (mismatched or unclosed tags,
 *   a bare `&`, a duplicate attribute…), or the parser refused it (a `__proto__` tag);
 * - `'invalid-utf8'`: a byte input is not valid UTF-8.
 *
 * PHP's `Transformer::toArray` returns `[]` (or expands the entities) in all these cases.
 */
export type XmlErrorReason = 'empty' | 'doctype' | 'entity' | 'multiple-roots' | 'not-xml' | 'malformed' | 'invalid-utf8';

/** Where in the (sanitised) input a problem was found, plus the underlying cause if any. */
export interface XmlErrorOptions {
  /** The 1-based line of the problem. */
  readonly line?: number;
  /** The 1-based column (in UTF-16 code units) of the problem. */
  readonly column?: number;
  /** The underlying error, e.g. the one thrown by the XML parser or the UTF-8 decoder. */
  readonly cause?: unknown;
  /** The APIv2 answer whose body was refused, when the input was one. */
  readonly response?: WechatpayResponse;
  /** That answer's request, with any signature redacted. */
  readonly request?: RequestSummary;
}

/**
 * An XML input could not be turned into an object.
 *
 * `reason` tells the cases apart without parsing the message. The message says what was wrong
 * in plain words and never quotes more than a few dozen characters of the input, so a large or
 * sensitive payload is not copied into logs.
 */
export class XmlError extends WechatpayError {
  /** The kind of problem; see {@link XmlErrorReason}. */
  readonly reason: XmlErrorReason;
  /** The 1-based line of the problem, when it is known. */
  readonly line: number | undefined;
  /** The 1-based column of the problem, when it is known. */
  readonly column: number | undefined;
  /** The APIv2 answer whose body was refused (set by the APIv2 `transform_response`; `undefined` from `Transformer`). */
  readonly response: WechatpayResponse | undefined;
  /** That answer's request, with any signature redacted. */
  readonly request: RequestSummary | undefined;

  /** Creates an error; a known position is appended to the message as `(line L, column C)`. */
  constructor(reason: XmlErrorReason, message: string, options: XmlErrorOptions = {}) {
    const { line, column, cause, response, request } = options;
    const where = line === undefined ? '' : ` (line ${line}, column ${column ?? 1})`;
    super(`${message}${where}`, cause === undefined ? undefined : { cause });
    this.reason = reason;
    this.line = line;
    this.column = column;
    this.response = response;
    this.request = request;
  }
}
