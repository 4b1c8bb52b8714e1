/**
 * 智慧商圈 (smart business circle): parking state sync, points sync, and the authorization and
 * pending-points queries.
 *
 * @module
 */

import { json, noContent, paramError, type Answer } from '../answer.js';
import type { Route, RouteInput } from '../router.js';
import { firstMissing, firstNonString, formatBeijingTime, isMissing, isNonNegativeInteger, isPlateNumber, parseRfc3339 } from '../validation.js';
import { badFormat, mustBe, notOneOf, outOfRange, required } from './messages.js';

/** The required fields of a parking state sync, with the labels of the error table (`业务必填字段brand_id为空`). */
const PARKING_REQUIRED: readonly (readonly [field: string, label: string])[] = [
  ['brandid', 'brand_id'],
  ['appid', 'AppID'],
  ['openid', 'OpenID'],
  ['plate_number', 'plate_number'],
  ['state', 'state'],
  ['time', 'time'],
];

/** The parking states. */
const PARKING_STATES = ['IN', 'OUT'];

/** The required fields of a points sync. */
const POINTS_REQUIRED = ['transaction_id', 'appid', 'openid', 'earn_points', 'increased_points', 'points_update_time'];

/** The string fields of a points sync (required or not). */
const POINTS_STRINGS = ['transaction_id', 'appid', 'openid', 'sub_mchid', 'no_points_remarks'];

/** A brand ID in a query: a positive decimal integer. */
const BRANDID = /^[1-9]\d{0,14}$/;

/**
 * `POST /v3/businesscircle/parkings` (商圈会员停车状态同步): checks the fields in the error table's order
 * and answers `204`. `time` must be RFC 3339 and not in the future.
 *
 * @param input - the JSON body and the time of the call
 */
export function syncParking({ body, now }: RouteInput): Answer {
  const absent = PARKING_REQUIRED.find(([field]) => isMissing(body[field]));
  if (absent !== undefined) return paramError(required(absent[1]));
  const { brandid, appid, openid, plate_number: plate, state, time } = body;
  if (!isNonNegativeInteger(brandid) || brandid === 0) return paramError(badFormat('brandid'));
  if (typeof appid !== 'string') return paramError('AppID有误');
  if (typeof openid !== 'string') return paramError('OpenID有误');
  if (typeof plate !== 'string' || !isPlateNumber(plate)) return paramError(badFormat('plate_number'));
  if (typeof state !== 'string' || !PARKING_STATES.includes(state)) return paramError(notOneOf('state', PARKING_STATES));
  const at = typeof time === 'string' ? parseRfc3339(time) : undefined;
  if (at === undefined) return paramError(badFormat('time'));
  if (at > now.getTime()) return paramError(outOfRange('time'));
  if (firstNonString(body, ['sub_mchid']) !== undefined) return paramError(badFormat('sub_mchid'));
  return noContent();
}

/**
 * `POST /v3/businesscircle/points/notify` (商圈会员积分同步): checks the required fields and their types
 * and answers `204`.
 *
 * @param input - the JSON body
 */
export function notifyPoints({ body }: RouteInput): Answer {
  const absent = firstMissing(body, POINTS_REQUIRED);
  if (absent !== undefined) return paramError(required(absent));
  const notString = firstNonString(body, POINTS_STRINGS);
  if (notString !== undefined) return paramError(mustBe(notString, '字符串'));
  if (typeof body.earn_points !== 'boolean') return paramError(mustBe('earn_points', '布尔值'));
  if (!isNonNegativeInteger(body.increased_points)) return paramError(mustBe('increased_points', '非负整数'));
  if (!isMissing(body.total_points) && !isNonNegativeInteger(body.total_points)) return paramError(mustBe('total_points', '非负整数'));
  if (typeof body.points_update_time !== 'string' || parseRfc3339(body.points_update_time) === undefined) {
    return paramError(badFormat('points_update_time'));
  }
  return noContent();
}

/**
 * `GET /v3/businesscircle/user-authorizations/{openid}?appid=` (商圈会员积分服务授权状态查询):
 * answers the sandbox's `authorizeState`.
 *
 * @param input - the `openid` parameter, the query, the caller and the state
 */
export function queryAuthorization({ params, query, mchid, state, now }: RouteInput): Answer {
  const { openid = '' } = params;
  const { appid = '' } = query;
  if (appid === '') return paramError(required('appid'));
  return json(200, { openid, appid, mchid, authorize_state: state.authorizeState, authorize_time: formatBeijingTime(now) });
}

/**
 * `GET /v3/businesscircle/users/{openid}/points/commit_status?brandid=&appid=` (商圈会员待积分状态查询):
 * answers the sandbox's `pendingStatus`, with `brandid` as a number.
 *
 * @param input - the `openid` parameter, the query and the state
 */
export function queryPendingPoints({ params, query, state, now }: RouteInput): Answer {
  const { openid = '' } = params;
  const absent = firstMissing(query, ['brandid', 'appid']);
  if (absent !== undefined) return paramError(required(absent));
  const { brandid = '', appid = '' } = query;
  if (!BRANDID.test(brandid)) return paramError(badFormat('brandid'));
  return json(200, { openid, appid, brandid: Number(brandid), pending_status: state.pendingStatus, commit_time: formatBeijingTime(now) });
}

/** The 智慧商圈 endpoints. */
export const businesscircleRoutes: readonly Route[] = [
  { method: 'POST', path: '/v3/businesscircle/parkings', handle: syncParking },
  { method: 'POST', path: '/v3/businesscircle/points/notify', handle: notifyPoints },
  { method: 'GET', path: '/v3/businesscircle/user-authorizations/{openid}', handle: queryAuthorization },
  { method: 'GET', path: '/v3/businesscircle/users/{openid}/points/commit_status', handle: queryPendingPoints },
];
