/**
 * 申请退款 (APIv2 refund), which needs the merchant's client certificate and answers signed.
 *
 * @module
 */

import { firstMissing } from '../validation.js';
import { badFormat, required } from '../routes/messages.js';
import { isAmount, paramError, randomId, type V2Outcome, type V2Route, type V2RouteInput } from './route.js';

/** The fields of a refund, all required besides the order (`mch_id` was checked before). */
const REFUND_REQUIRED = ['appid', 'out_refund_no', 'total_fee', 'refund_fee'];

/** The largest amount, in fen. */
const MAX_FEE = 10_000_000_000;

/**
 * `POST /secapi/pay/refund` (申请退款): needs the order (`transaction_id` or `out_trade_no`), `out_refund_no` and
 * positive whole `total_fee` ≥ `refund_fee` (else `INVALID_REQUEST`); answers the refund with a new `refund_id`.
 *
 * @param input - the request fields
 */
export function refund({ data }: V2RouteInput): V2Outcome {
  const absent = firstMissing(data, REFUND_REQUIRED);
  if (absent !== undefined) return paramError(required(absent));
  const { transaction_id: transactionId = '', out_trade_no: outTradeNo = '', out_refund_no = '', total_fee = '', refund_fee = '' } = data;
  if (transactionId === '' && outTradeNo === '') return paramError(required('transaction_id或out_trade_no'));
  const badFee = (['total_fee', 'refund_fee'] as const).find((name) => !isAmount(data[name] ?? '', 1, MAX_FEE));
  if (badFee !== undefined) return paramError(badFormat(badFee));
  if (Number(refund_fee) > Number(total_fee)) return { errCode: 'INVALID_REQUEST', errCodeDes: '退款金额大于支付金额' };
  return {
    fields: {
      transaction_id: transactionId === '' ? randomId('4200', 28) : transactionId,
      out_trade_no: outTradeNo,
      out_refund_no,
      refund_id: randomId('50', 29),
      refund_fee,
      total_fee,
      cash_fee: total_fee,
    },
  };
}

/** The refund endpoints. */
export const refundV2Routes: readonly V2Route[] = [{ path: '/secapi/pay/refund', certificate: true, signed: true, handle: refund }];
