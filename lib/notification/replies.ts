import { Transformer } from '../transformer/transformer.js';

/** An answer to send back to WeChat Pay: write `status`, `headers` and `body` as they are. */
export interface NotificationReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** WeChat Pay's example failure message (失败, "failed"). */
const DEFAULT_FAILURE = '失败';

/**
 * The APIv3 "received" answer: HTTP 200 (or 204) with an empty body, as WeChat Pay expects. Answer it only once the
 * event is stored or handled: WeChat Pay stops retrying after it.
 * @param status - 200 (default) or 204
 */
export function replyV3Success(status: 200 | 204 = 200): NotificationReply {
  if (status !== 200 && status !== 204) throw new RangeError(`An APIv3 callback success answer is 200 or 204, not ${String(status)}.`);
  return { status, headers: {}, body: '' };
}

/**
 * The APIv3 "not received" answer: a 4xx/5xx status and `{"code":"FAIL","message":…}`. WeChat Pay retries the
 * notification later (15 s, 15 s, 30 s, 3 min … over about 24 h). Keep `message` short and free of secrets: it goes
 * back to whoever sent the request.
 * @param message - default `失败`
 * @param status - 400 to 599; default 500
 */
export function replyV3Failure(message: string = DEFAULT_FAILURE, status = 500): NotificationReply {
  if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`An APIv3 callback failure answer has a 4xx or 5xx status, not ${String(status)}.`);
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ code: 'FAIL', message }) };
}

/** An APIv2 answer: HTTP 200 and `<xml><return_code>…</return_code><return_msg>…</return_msg></xml>`. */
function replyV2(returnCode: 'SUCCESS' | 'FAIL', returnMsg: string): NotificationReply {
  return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: Transformer.toXml({ return_code: returnCode, return_msg: returnMsg }) };
}

/** The APIv2 "received" answer: `<xml><return_code>SUCCESS</return_code><return_msg>OK</return_msg></xml>`, HTTP 200. */
export function replyV2Success(): NotificationReply {
  return replyV2('SUCCESS', 'OK');
}

/**
 * The APIv2 "not received" answer: `return_code` `FAIL` with `message` as `return_msg` (HTTP 200, as APIv2 expects);
 * WeChat Pay retries later. Keep `message` free of secrets.
 * @param message - default `失败`
 */
export function replyV2Failure(message: string = DEFAULT_FAILURE): NotificationReply {
  return replyV2('FAIL', message);
}
