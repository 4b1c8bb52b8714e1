/**
 * Dispatch of an APIv2 request: route lookup, the client-certificate rule, the XML parse, the protocol checks
 * (`nonce_str`, `sign_type`, `sign`, `mch_id`), the handler, and the signed (or unsigned) XML answer.
 *
 * @module
 */

import { ALGO_MD5, Hash, isSignType, type SignType } from '../../crypto/hash.js';
import { Formatter } from '../../formatter.js';
import { Transformer } from '../../transformer/transformer.js';
import { MERCHANT_ID_FIELDS } from '../../v2/request-data.js';
import { v2Signature } from '../../v2/sign.js';
import type { WireAnswer } from '../answer.js';
import type { Fault } from '../faults.js';
import type { PaymentLedger } from '../payments/ledger.js';
import { decodeQuery } from '../recorder.js';
import type { SandboxState } from '../state.js';
import type { V2ResultFailure, V2Outcome, V2Route } from './route.js';
import { V2_ROUTES } from './routes.js';
import { DOCTYPE_PROBE, returnFail, withSign, xmlAnswer } from './xml-answer.js';

/** An APIv2 request as the sandbox received it. */
export interface V2Request {
  /** The request method. */
  readonly method: string;
  /** The raw path, before `?`. */
  readonly path: string;
  /** The raw query, after `?` (a GET request carries its fields there). */
  readonly rawQuery: string;
  /** The exact body bytes. */
  readonly body: Buffer;
  /** Over HTTPS: whether the client presented a certificate the sandbox CA issued; `undefined` over plain HTTP. */
  readonly clientCertificate: boolean | undefined;
}

/** What an APIv2 answer is made with. */
export interface V2Context {
  /** The merchant ID the sandbox expects in `mch_id` (or `mchid`, `combine_mch_id`). */
  readonly mchid: string;
  /** The APIv2 key that verifies requests and signs answers. */
  readonly secret: string;
  /** The sandbox state. */
  readonly state: Readonly<SandboxState>;
  /** The payment ledger, shared with the APIv3 payment endpoints. */
  readonly ledger: PaymentLedger;
}

/** The answer to write, or `'hang-up'`: drop the connection, as a server that requires a client certificate does. */
export type V2Reply = WireAnswer | 'hang-up';

/** The business failure of the `'v2-result-fail'` fault. */
const SYSTEM_BUSY: V2ResultFailure = { errCode: 'SYSTEMERROR', errCodeDes: '系统繁忙' };

/** A certificate endpoint called over plain HTTP: WeChat Pay's `CA_ERROR`. */
const NO_CERTIFICATE: V2ResultFailure = {
  errCode: 'CA_ERROR',
  errCodeDes: '请求未携带证书：此接口需要商户API证书，请通过 HTTPS（sandbox.httpsUrl）以 security: true 调用',
};

/** The request fields: the query of a GET, else the XML body (text values only), or the `return_msg` of a bad body. */
function fieldsOf(request: V2Request): Record<string, string> | string {
  if (request.method === 'GET') return decodeQuery(request.rawQuery);
  let parsed: Record<string, unknown>;
  try {
    parsed = Transformer.toArray(request.body);
  } catch {
    return 'XML格式错误';
  }
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The request's sign type, or `undefined` for an unknown one. */
function signTypeOf(data: Readonly<Record<string, string>>): SignType | undefined {
  const type = data.sign_type ?? ALGO_MD5;
  return isSignType(type) ? type : undefined;
}

/** The `return_msg` of a request WeChat Pay would refuse before any business logic, or `undefined`. */
function protocolIssue(data: Readonly<Record<string, string>>, context: V2Context): string | undefined {
  if ((data.nonce_str ?? '') === '') return 'nonce_str参数缺失';
  const type = signTypeOf(data);
  if (type === undefined) return 'sign_type参数错误';
  if (!Hash.equals(v2Signature(data, type, context.secret), data.sign)) return '签名错误';
  const field = MERCHANT_ID_FIELDS.find((name) => data[name] !== undefined) ?? 'mch_id';
  if (data[field] !== context.mchid) return `${field}参数错误`;
  return undefined;
}

/** `result_code` and, for a failure, `err_code` and `err_code_des`; then the endpoint's fields. */
function resultFields(outcome: V2Outcome): Record<string, string> {
  if ('errCode' in outcome) return { result_code: 'FAIL', err_code: outcome.errCode, err_code_des: outcome.errCodeDes };
  return { result_code: 'SUCCESS', ...outcome.fields };
}

/** The answer fields: signed ones carry `appid`, `mch_id`, `nonce_str` and `sign`; unsigned ones (red packets) `mch_id` only. */
function answerFields(route: V2Route, data: Readonly<Record<string, string>>, outcome: V2Outcome, context: V2Context, faults: readonly Fault[]): Record<string, string> {
  const head = { return_code: 'SUCCESS', return_msg: 'OK' };
  if (!route.signed) return { ...head, mch_id: context.mchid, ...resultFields(outcome) };
  const fields = { ...head, appid: data.appid ?? '', mch_id: context.mchid, nonce_str: Formatter.nonce(), ...resultFields(outcome) };
  return withSign(fields, signTypeOf(data) ?? ALGO_MD5, context.secret, faults);
}

/** The outcome of a checked request: the certificate rule over plain HTTP, the result fault, or the handler's. */
function outcomeOf(route: V2Route, request: V2Request, data: Readonly<Record<string, string>>, context: V2Context, faults: readonly Fault[]): V2Outcome {
  if (route.certificate && request.clientCertificate === undefined) return NO_CERTIFICATE;
  if (faults.includes('v2-result-fail')) return SYSTEM_BUSY;
  return route.handle({ data, state: context.state, ledger: context.ledger, now: new Date() });
}

/**
 * Answers an APIv2 request (any request outside `/v3/` that carries no `Authorization`):
 * - an unknown path: `404` with `return_code` FAIL;
 * - a certificate endpoint over HTTPS without a certificate the sandbox CA issued: the connection is dropped; over
 *   plain HTTP: `result_code` FAIL with `err_code` `CA_ERROR`;
 * - a body that is not XML (a DOCTYPE included), no `nonce_str`, an unknown `sign_type`, a wrong `sign` (checked with
 *   the request's `sign_type`), another merchant: `return_code` FAIL (`XML格式错误`, `nonce_str参数缺失`,
 *   `sign_type参数错误`, `签名错误`, `mch_id参数错误`);
 * - otherwise the handler's outcome, signed with the request's sign type unless the endpoint answers unsigned.
 * The APIv2 faults and `'system-error'` (a `500` FAIL) apply.
 *
 * @param request - the request
 * @param context - the merchant ID, the APIv2 key, the state and the payment ledger
 * @param faults - the faults of this answer
 */
export function answerV2(request: V2Request, context: V2Context, faults: readonly Fault[]): V2Reply {
  const route = V2_ROUTES.find((candidate) => candidate.path === request.path);
  if (route === undefined) return returnFail(`接口不存在：${request.method} ${request.path}`, 404);
  if (route.certificate && request.clientCertificate === false) return 'hang-up';
  if (faults.includes('system-error')) return returnFail('系统繁忙,请稍后再试.', 500);
  if (faults.includes('v2-doctype')) return xmlAnswer(200, DOCTYPE_PROBE);
  if (faults.includes('v2-return-fail')) return returnFail('系统繁忙,请稍后再试.');
  const data = fieldsOf(request);
  if (typeof data === 'string') return returnFail(data);
  const issue = protocolIssue(data, context);
  if (issue !== undefined) return returnFail(issue);
  const outcome = outcomeOf(route, request, data, context, faults);
  return xmlAnswer(200, Transformer.toXml(answerFields(route, data, outcome, context, faults)));
}
