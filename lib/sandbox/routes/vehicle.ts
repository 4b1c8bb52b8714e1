/**
 * 微信支付分停车服务 (WeChat Pay Score parking): the plate service query.
 *
 * @module
 */

import { json, paramError, type Answer } from '../answer.js';
import type { Route, RouteInput } from '../router.js';
import { firstMissing, formatBeijingTime, isLengthWithin, isPlateNumber } from '../validation.js';
import { badFormat, badLength, notOneOf, required } from './messages.js';

/** The query parameters of a plate service query, all required, each 1–32 characters. */
const FIND_QUERY = ['appid', 'sub_mchid', 'plate_number', 'plate_color', 'openid'];

/** The longest value of a query parameter. */
const MAX_QUERY_LENGTH = 32;

/** The plate colours. */
const PLATE_COLORS = ['BLUE', 'GREEN', 'YELLOW', 'BLACK', 'WHITE', 'LIMEGREEN'];

/**
 * `GET /v3/vehicle/parking/services/find` (查询车牌服务开通信息): checks the query and echoes it with
 * the sandbox's `serviceState`. Rate-limited.
 *
 * @param input - the decoded query, the state and the time of the call
 */
export function findParkingService({ query, state, now }: RouteInput): Answer {
  const absent = firstMissing(query, FIND_QUERY);
  if (absent !== undefined) return paramError(required(absent));
  const tooLong = FIND_QUERY.find((name) => !isLengthWithin(query[name] ?? '', 1, MAX_QUERY_LENGTH));
  if (tooLong !== undefined) return paramError(badLength(tooLong, 1, MAX_QUERY_LENGTH));
  const { plate_number = '', plate_color = '', openid = '' } = query;
  if (!isPlateNumber(plate_number)) return paramError(badFormat('plate_number'));
  if (!PLATE_COLORS.includes(plate_color)) return paramError(notOneOf('plate_color', PLATE_COLORS));
  return json(200, { plate_number, plate_color, service_open_time: formatBeijingTime(now), openid, service_state: state.serviceState });
}

/** The 停车服务 endpoints. */
export const vehicleRoutes: readonly Route[] = [
  { method: 'GET', path: '/v3/vehicle/parking/services/find', rateLimited: true, handle: findParkingService },
];
