/**
 * 现金红包 (cash red packets): 发放普通红包, which needs the merchant's client certificate and answers unsigned.
 *
 * @module
 */

import { firstMissing } from '../validation.js';
import { outOfRange, required } from '../routes/messages.js';
import { isAmount, paramError, randomId, type V2Outcome, type V2Route, type V2RouteInput } from './route.js';

/** The fields of a red packet, all required (`mch_id` was checked before). */
const REDPACK_REQUIRED = ['mch_billno', 'wxappid', 'send_name', 're_openid', 'total_amount', 'total_num', 'wishing', 'client_ip', 'act_name', 'remark'];

/** A single red packet is 1 to 200 yuan, in fen. */
const MIN_AMOUNT = 100;
const MAX_AMOUNT = 20_000;

/**
 * `POST /mmpaymkttransfers/sendredpack` (发放普通红包): checks the fields, `total_amount` (100–20000 fen) and
 * `total_num` (1), and answers the bill with a new `send_listid`.
 *
 * @param input - the request fields
 */
export function sendRedpack({ data }: V2RouteInput): V2Outcome {
  const absent = firstMissing(data, REDPACK_REQUIRED);
  if (absent !== undefined) return paramError(required(absent));
  const { mch_billno = '', wxappid = '', re_openid = '', total_amount: amount = '', total_num: count } = data;
  if (!isAmount(amount, MIN_AMOUNT, MAX_AMOUNT)) return paramError(outOfRange('total_amount'));
  if (count !== '1') return paramError(outOfRange('total_num'));
  return { fields: { mch_billno, wxappid, re_openid, total_amount: amount, send_listid: randomId('1000041701', 28) } };
}

/** The red packet endpoints. */
export const redpackV2Routes: readonly V2Route[] = [{ path: '/mmpaymkttransfers/sendredpack', certificate: true, signed: false, handle: sendRedpack }];
