/**
 * 商家券 (merchant coupons): the event notification URL.
 *
 * @module
 */

import { json, paramError, type Answer } from '../answer.js';
import type { Route, RouteInput } from '../router.js';
import { formatBeijingTime, isLengthWithin, isMissing } from '../validation.js';
import { badLength, mustBe, required } from './messages.js';

/**
 * `POST /v3/marketing/busifavor/callbacks` (设置商家券事件通知地址): `mchid` defaults to the caller and
 * must have 8–15 characters; `notify_url` is required, 10–256 characters and `https://`.
 *
 * @param input - the JSON body, the caller and the time of the call
 */
export function setCouponCallback({ body, mchid: caller, now }: RouteInput): Answer {
  const mchid = isMissing(body.mchid) ? caller : body.mchid;
  if (typeof mchid !== 'string') return paramError(mustBe('mchid', '字符串'));
  if (!isLengthWithin(mchid, 8, 15)) return paramError(badLength('mchid', 8, 15));
  const notifyUrl = body.notify_url;
  if (isMissing(notifyUrl)) return paramError(required('notify_url'));
  if (typeof notifyUrl !== 'string') return paramError(mustBe('notify_url', '字符串'));
  if (!isLengthWithin(notifyUrl, 10, 256)) return paramError(badLength('notify_url', 10, 256));
  if (!notifyUrl.startsWith('https://')) return paramError('notify_url必须是https地址');
  return json(200, { update_time: formatBeijingTime(now), notify_url: notifyUrl, mchid });
}

/** The 商家券 endpoints. */
export const busifavorRoutes: readonly Route[] = [{ method: 'POST', path: '/v3/marketing/busifavor/callbacks', handle: setCouponCallback }];
