/**
 * The APIv3 payment callbacks the sandbox sends: 支付成功 (`TRANSACTION.SUCCESS`, resource `transaction`) and 退款
 * (`REFUND.SUCCESS`, `REFUND.ABNORMAL`, `REFUND.CLOSED`, resource `refund`), each with a sample resource for
 * `sandbox.notify(kind, url)`; the ledger sends the order's or refund's own resource instead.
 *
 * @module
 */

import type { NotifierSource, V3Kind } from '../notifier.js';
import { formatBeijingTime } from '../validation.js';

const APPID = 'wxd678efh567hg6787';
const OPENID = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
const TRANSACTION_ID = '4200001234202405201234567890';
const OUT_TRADE_NO = '1217752501201407033233368018';

/** A sample paid transaction of the sandbox merchant. */
function transactionSample(source: NotifierSource, now: number): Record<string, unknown> {
  return {
    appid: APPID,
    mchid: source.mchid,
    out_trade_no: OUT_TRADE_NO,
    transaction_id: TRANSACTION_ID,
    trade_type: 'JSAPI',
    trade_state: 'SUCCESS',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: '',
    success_time: formatBeijingTime(new Date((now - 60) * 1000)),
    payer: { openid: OPENID },
    amount: { total: 100, payer_total: 100, currency: 'CNY', payer_currency: 'CNY' },
  };
}

/** A sample refund resource of the sandbox merchant, ended with `status`. */
function refundSample(status: string) {
  return (source: NotifierSource, now: number): Record<string, unknown> => ({
    mchid: source.mchid,
    out_trade_no: OUT_TRADE_NO,
    transaction_id: TRANSACTION_ID,
    out_refund_no: '1217752501201407033233368019',
    refund_id: '50000000382019052709732678859',
    refund_status: status,
    success_time: formatBeijingTime(new Date((now - 60) * 1000)),
    user_received_account: '支付用户零钱',
    amount: { total: 100, refund: 100, payer_total: 100, payer_refund: 100 },
  });
}

/** The payment callback kinds. */
export const PAYMENT_KINDS: Readonly<Record<'transaction.success' | 'refund.success' | 'refund.abnormal' | 'refund.closed', V3Kind>> = {
  'transaction.success': { eventType: 'TRANSACTION.SUCCESS', summary: '支付成功', originalType: 'transaction', sample: transactionSample },
  'refund.success': { eventType: 'REFUND.SUCCESS', summary: '退款成功', originalType: 'refund', sample: refundSample('SUCCESS') },
  'refund.abnormal': { eventType: 'REFUND.ABNORMAL', summary: '退款异常', originalType: 'refund', sample: refundSample('ABNORMAL') },
  'refund.closed': { eventType: 'REFUND.CLOSED', summary: '退款关闭', originalType: 'refund', sample: refundSample('CLOSED') },
};
