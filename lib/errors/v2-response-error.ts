import type { WechatpayResponse } from '../response.js';
import type { RequestSummary } from './request-summary.js';
import { WechatpayError } from './wechatpay-error.js';

/** The fields of an APIv2 answer that say why it failed. */
export interface V2Failure {
  /** `return_code`: the protocol outcome (`SUCCESS` or `FAIL`), `undefined` when absent. */
  readonly returnCode: string | undefined;
  /** `return_msg`, e.g. `签名错误`. */
  readonly returnMsg: string | undefined;
  /** `result_code`: the business outcome, when the answer has one. */
  readonly resultCode: string | undefined;
  /** `err_code`, e.g. `SYSTEMERROR`, `ORDERPAID`, `CA_ERROR`. */
  readonly errCode: string | undefined;
  /** `err_code_des`, e.g. `系统繁忙`. */
  readonly errCodeDes: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads the failure fields of a parsed APIv2 answer (non-text values count as absent). */
function v2FailureOf(data: Readonly<Record<string, unknown>>): V2Failure {
  return {
    returnCode: text(data.return_code),
    returnMsg: text(data.return_msg),
    resultCode: text(data.result_code),
    errCode: text(data.err_code),
    errCodeDes: text(data.err_code_des),
  };
}

/** `FAIL: 签名错误` for a protocol failure, `FAIL SYSTEMERROR: 系统繁忙` for a business one. */
function describe(failure: V2Failure): string {
  const protocolFailed = failure.returnCode !== 'SUCCESS';
  const code = protocolFailed ? (failure.returnCode ?? 'no return_code') : (failure.resultCode ?? '');
  const errCode = protocolFailed || failure.errCode === undefined ? '' : ` ${failure.errCode}`;
  const why = protocolFailed ? failure.returnMsg : (failure.errCodeDes ?? failure.returnMsg);
  return `${code}${errCode}: ${why ?? ''}`;
}

/**
 * WeChat Pay answered an APIv2 request with `return_code` other than `SUCCESS` (the request itself was refused:
 * signature, parameters, certificate…) or with `result_code` other than `SUCCESS` (the business operation failed).
 * The message reads like `FAIL SYSTEMERROR: 系统繁忙 (POST /pay/micropay)`.
 *
 * PHP rejects with the bare response object (a `RejectionException` whose reason is the response); this error
 * carries the response, the parsed body and the fields instead. The fields are as received: a `return_code` FAIL
 * answer is not signed, so nothing in it is verified.
 */
export class V2ResponseError extends WechatpayError implements V2Failure {
  /** `return_code` (`FAIL`, or `SUCCESS` when the business result failed). */
  readonly returnCode: string | undefined;
  /** `return_msg`, e.g. `签名错误`. */
  readonly returnMsg: string | undefined;
  /** `result_code`, when the answer has one. */
  readonly resultCode: string | undefined;
  /** `err_code`, e.g. `SYSTEMERROR`. */
  readonly errCode: string | undefined;
  /** `err_code_des`, e.g. `系统繁忙`. */
  readonly errCodeDes: string | undefined;
  /** The whole answer, as `Transformer.toArray` parsed it. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The response, body included. */
  readonly response: WechatpayResponse;
  /** The request, with any signature redacted. */
  readonly request: RequestSummary;

  constructor(data: Readonly<Record<string, unknown>>, response: WechatpayResponse, request: RequestSummary) {
    const failure = v2FailureOf(data);
    super(`${describe(failure)} (${request.method} ${new URL(request.url).pathname})`);
    this.returnCode = failure.returnCode;
    this.returnMsg = failure.returnMsg;
    this.resultCode = failure.resultCode;
    this.errCode = failure.errCode;
    this.errCodeDes = failure.errCodeDes;
    this.data = data;
    this.response = response;
    this.request = request;
  }
}
