/**
 * 微信支付分停车服务 (APIv2, 车主服务): 用户入场通知 and 查询用户状态.
 *
 * @module
 */

import { firstMissing, isLengthWithin } from '../validation.js';
import { badFormat, badLength, notOneOf, required } from '../routes/messages.js';
import { paramError, type V2Outcome, type V2Route, type V2RouteInput } from './route.js';

/** The trade scenes. */
const TRADE_SCENES = ['PARKING', 'PARKING SPACE'] as const;

type TradeScene = (typeof TRADE_SCENES)[number];

/** The fields of a notification, all required (`mch_id` was checked before). */
const NOTIFICATION_REQUIRED = ['appid', 'version', 'trade_scene', 'scene_info'];

/**
 * The required members of `scene_info.scene_info`, by trade scene, as the APIv2 车主服务 documents them (`car_type` is
 * optional in both).
 */
const SCENE_REQUIRED: Readonly<Record<TradeScene, readonly string[]>> = {
  PARKING: ['start_time', 'plate_number', 'parking_name', 'free_time'],
  'PARKING SPACE': ['start_time', 'parking_name', 'free_time', 'openid', 'space_number'],
};

/**
 * The longest APIv2 `plate_number`. APIv2 车主服务 only bounds its length: unlike the APIv3 parking endpoints, it does
 * not require a province abbreviation or capitals (seed 002's own example is `CB1000sdfasd`).
 */
const MAX_PLATE_LENGTH = 32;

/** Whether `text` is an APIv2 plate number: 1 to {@link MAX_PLATE_LENGTH} characters. */
function isV2PlateNumber(text: string): boolean {
  return isLengthWithin(text, 1, MAX_PLATE_LENGTH);
}

/** `start_time`: `yyyyMMddHHmmss`. */
const START_TIME = /^\d{14}$/;

/** `free_time`: whole seconds. */
const SECONDS = /^\d{1,9}$/;

function isTradeScene(text: string | undefined): text is TradeScene {
  return TRADE_SCENES.includes(text as TradeScene);
}

/** The inner `scene_info` object of the JSON text `{"scene_info":{…}}`, or `undefined` when it is not one. */
function sceneOf(text: string): Readonly<Record<string, unknown>> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const inner = typeof parsed === 'object' && parsed !== null ? (parsed as { scene_info?: unknown }).scene_info : undefined;
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}

/** The first problem of a scene: a missing member, then the form of `start_time` and `free_time`, the length of `plate_number`. */
function sceneProblem(scene: TradeScene, info: Readonly<Record<string, unknown>>): string | undefined {
  const absent = firstMissing(info, SCENE_REQUIRED[scene]);
  if (absent !== undefined) return required(absent);
  const text = (name: string): string => (typeof info[name] === 'string' ? info[name] : '');
  if (!START_TIME.test(text('start_time'))) return badFormat('start_time');
  if (!SECONDS.test(text('free_time'))) return badFormat('free_time');
  if (scene === 'PARKING' && !isV2PlateNumber(text('plate_number'))) return badLength('plate_number', 1, MAX_PLATE_LENGTH);
  return undefined;
}

/** The user's state, as both endpoints answer it. */
function userState({ state }: V2RouteInput): Record<string, string> {
  return { user_state: state.userState, deduct_mode: state.deductMode };
}

/**
 * `POST /vehicle/pay/notification` (用户入场通知, seed 002): checks `appid`, `version`, `trade_scene`
 * (PARKING | PARKING SPACE) and the `scene_info` JSON (`{"scene_info":{start_time, plate_number, parking_name,
 * free_time}}` for PARKING, `car_type` optional, the plate 1–32 characters of any kind; `openid` and `space_number`
 * instead of the plate for PARKING SPACE), and
 * answers the sandbox's `userState` and `deductMode`.
 *
 * @param input - the request fields and the state
 */
export function notification(input: V2RouteInput): V2Outcome {
  const { data } = input;
  const absent = firstMissing(data, NOTIFICATION_REQUIRED);
  if (absent !== undefined) return paramError(required(absent));
  const { trade_scene: scene, scene_info: sceneInfo = '' } = data;
  if (!isTradeScene(scene)) return paramError(notOneOf('trade_scene', TRADE_SCENES));
  const info = sceneOf(sceneInfo);
  if (info === undefined) return paramError(badFormat('scene_info'));
  const problem = sceneProblem(scene, info);
  return problem === undefined ? { fields: userState(input) } : paramError(problem);
}

/**
 * `POST /vehicle/pay/querystate` (查询用户状态): needs `appid`, `trade_scene` and the user by `openid` or
 * `plate_number`; answers the same state as {@link notification}, with the user echoed.
 *
 * @param input - the request fields and the state
 */
export function queryState(input: V2RouteInput): V2Outcome {
  const { data } = input;
  const absent = firstMissing(data, ['appid', 'trade_scene']);
  if (absent !== undefined) return paramError(required(absent));
  if (!isTradeScene(data.trade_scene)) return paramError(notOneOf('trade_scene', TRADE_SCENES));
  const { openid = '', plate_number: plate = '' } = data;
  if (openid === '' && plate === '') return paramError(required('openid或plate_number'));
  if (plate !== '' && !isV2PlateNumber(plate)) return paramError(badLength('plate_number', 1, MAX_PLATE_LENGTH));
  return { fields: { ...userState(input), ...(openid === '' ? {} : { openid }), ...(plate === '' ? {} : { plate_number: plate }) } };
}

/** The 车主服务 endpoints. */
export const vehicleV2Routes: readonly V2Route[] = [
  { path: '/vehicle/pay/notification', certificate: false, signed: true, handle: notification },
  { path: '/vehicle/pay/querystate', certificate: false, signed: true, handle: queryState },
];
