/**
 * The sandbox's bill files: deterministic 交易账单 and 资金账单 in WeChat Pay's CSV format (UTF-8 BOM, CRLF, a
 * Chinese header row, backtick-prefixed cells, a summary header and a summary row), generated row by row in
 * chunks, so a bill of any size is never held in memory.
 *
 * @module
 */

import { createHash } from 'node:crypto';

/** Which bill: 交易账单 or 资金账单. */
export type BillKind = 'tradebill' | 'fundflowbill';

/** What a bill holds: the same spec always gives the same bytes. */
export interface BillSpec {
  /** 交易账单 or 资金账单. */
  readonly kind: BillKind;
  /** The merchant ID in the rows. */
  readonly mchid: string;
  /** The bill date, `yyyy-MM-dd`. */
  readonly date: string;
  /** `bill_type` (ALL, SUCCESS, REFUND …) or `account_type` (BASIC, OPERATION, FEES). */
  readonly type: string;
  /** The number of detail rows; or, with `untilBytes`, rows are added until the file has at least that many bytes. */
  readonly rows: number | { readonly untilBytes: number };
}

/** One detail row's figures, in cents (fees in 1/100 000 yuan). */
interface Figures {
  readonly refund: boolean;
  readonly cents: number;
  readonly fee: number;
}

/** Running totals for the summary row. */
interface Totals {
  count: number;
  income: number;
  incomeCents: number;
  expense: number;
  expenseCents: number;
  feeUnits: number;
}

const BOM = '\uFEFF';
const CRLF = '\r\n';
const CHUNK_CHARS = 64 * 1024;

const TRADE_HEADER = '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const TRADE_SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const FUND_HEADER = '记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）,资金变更提交申请人,备注,业务凭证号';
const FUND_SUMMARY_HEADER = '资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额';
const TRADE_TYPES = ['JSAPI', 'NATIVE', 'APP', 'MICROPAY'];
const GOODS = ['停车费,B1层', '商圈积分兑换券', '会员储值', '咖啡'];

/** `cents` as yuan with two decimals (`1234` → `12.34`, `-5` → `-0.05`). */
function yuan(cents: number, decimals = 2): string {
  const scale = 10 ** decimals;
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / scale)}.${String(abs % scale).padStart(decimals, '0')}`;
}

/** A line of backtick-prefixed cells. */
function ticked(cells: readonly string[]): string {
  return `\`${cells.join(',`')}`;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `hh:mm:ss` of the i-th row, spread over the day. */
function timeOf(index: number): string {
  const seconds = (index * 37) % 86_400;
  return `${pad2(Math.trunc(seconds / 3600))}:${pad2(Math.trunc(seconds / 60) % 60)}:${pad2(seconds % 60)}`;
}

/** The figures of the i-th row: an amount of 0.01–99.73 yuan, a 0.6 % fee, and whether it is a refund. */
function figuresOf(spec: BillSpec, index: number): Figures {
  const refund = spec.type === 'REFUND' || (spec.type !== 'SUCCESS' && index % 10 === 9);
  const cents = (index % 9973) + 1;
  return { refund, cents, fee: cents * 6 };
}

/** Builds the rows of one bill; what is the same in every row is computed once. */
interface RowWriter {
  (index: number, figures: Figures, balance: number): string;
}

/** The 交易账单 row writer: 27 cells per row. */
function tradeRows(spec: BillSpec): RowWriter {
  const day = spec.date.replaceAll('-', '');
  const head = `\`${spec.date} `;
  const merchant = `,\`wx8888888888888888,\`${spec.mchid},\`0,\`,\`4200002${day}`;
  return (index, { refund, cents, fee }) => {
    const serial = String(index).padStart(13, '0');
    const amount = yuan(cents);
    const openid = ((index * 2654435761) >>> 0).toString(36).padStart(7, '0');
    const type = TRADE_TYPES[index % TRADE_TYPES.length] ?? 'JSAPI';
    const goods = GOODS[index % GOODS.length] ?? '';
    const refundCells = refund
      ? `REFUND,\`CMB_DEBIT,\`CNY,\`0.00,\`0.00,\`5030000${day}${serial},\`REFUND${day}${serial},\`${amount},\`0.00,\`ORIGINAL,\`SUCCESS`
      : `SUCCESS,\`CMB_DEBIT,\`CNY,\`${amount},\`0.00,\`0,\`0,\`0.00,\`0.00,\`,\``;
    return `${head}${timeOf(index)}${merchant}${serial},\`SANDBOX${day}${serial},\`oUpF8u${openid},\`${type},\`${refundCells},\`${goods},\`,\`${yuan(refund ? -fee : fee, 5)},\`0.60%,\`${refund ? '0.00' : amount},\`${refund ? amount : '0.00'},\``;
  };
}

/** The 资金账单 row writer: 11 cells per row. */
function fundRows(spec: BillSpec): RowWriter {
  const day = spec.date.replaceAll('-', '');
  return (index, { refund, cents }, balance) => {
    const serial = String(index).padStart(13, '0');
    const kind = refund ? '退款' : '交易';
    return `\`${spec.date} ${timeOf(index)},\`4200002${day}${serial},\`1${day}${serial}0,\`${kind},\`${kind},\`${refund ? '支出' : '收入'},\`${yuan(cents)},\`${yuan(balance)},\`system,\`,\`SANDBOX${day}${serial}`;
  };
}

/** The summary row. */
function summaryRow(kind: BillKind, totals: Totals): string {
  if (kind === 'fundflowbill') {
    return ticked([String(totals.count), String(totals.income), yuan(totals.incomeCents), String(totals.expense), yuan(totals.expenseCents)]);
  }
  const settled = yuan(totals.incomeCents);
  return ticked([String(totals.count), settled, yuan(totals.expenseCents), '0.00', yuan(totals.feeUnits, 5), settled, yuan(totals.expenseCents)]);
}

/** Whether another row belongs in the bill, given the rows and bytes so far. */
function wantsRow(spec: BillSpec, rows: number, bytes: number): boolean {
  return typeof spec.rows === 'number' ? rows < spec.rows : bytes < spec.rows.untilBytes;
}

/**
 * The bill's lines, each ending in CRLF, the first with the BOM: the header, the detail rows, the summary header
 * and the summary row. With `corrupt`, the first detail row has one digit changed (the totals are not), as a
 * transfer error would.
 *
 * @param spec - the bill
 * @param corrupt - whether to damage one byte
 * @returns the lines; the generator's return value is the number of detail rows
 */
export function* billLines(spec: BillSpec, corrupt = false): Generator<string, number, undefined> {
  const trade = spec.kind === 'tradebill';
  const header = `${BOM}${trade ? TRADE_HEADER : FUND_HEADER}${CRLF}`;
  yield header;
  const totals: Totals = { count: 0, income: 0, incomeCents: 0, expense: 0, expenseCents: 0, feeUnits: 0 };
  const counting = typeof spec.rows !== 'number';
  const write = trade ? tradeRows(spec) : fundRows(spec);
  let bytes = Buffer.byteLength(header);
  for (let index = 0; wantsRow(spec, index, bytes); index++) {
    const figures = figuresOf(spec, index);
    totals.count += 1;
    totals[figures.refund ? 'expense' : 'income'] += 1;
    totals[figures.refund ? 'expenseCents' : 'incomeCents'] += figures.cents;
    totals.feeUnits += figures.refund ? -figures.fee : figures.fee;
    const row = write(index, figures, totals.incomeCents - totals.expenseCents);
    const line = `${corrupt && index === 0 ? row.replace(/\d/, (d) => String((Number(d) + 1) % 10)) : row}${CRLF}`;
    if (counting) bytes += Buffer.byteLength(line);
    yield line;
  }
  yield `${trade ? TRADE_SUMMARY_HEADER : FUND_SUMMARY_HEADER}${CRLF}`;
  yield `${summaryRow(spec.kind, totals)}${CRLF}`;
  return totals.count;
}

/**
 * The bill's bytes, in chunks of about 64 KiB.
 *
 * @param spec - the bill
 * @param corrupt - whether to damage one byte (see {@link billLines})
 */
export function* billChunks(spec: BillSpec, corrupt = false): Generator<Buffer, void, undefined> {
  let pending = '';
  for (const line of billLines(spec, corrupt)) {
    pending += line;
    if (pending.length >= CHUNK_CHARS) {
      yield Buffer.from(pending);
      pending = '';
    }
  }
  if (pending !== '') yield Buffer.from(pending);
}

/** What {@link measureBill} finds. */
export interface BillMeasure {
  /** The SHA-1 of the bill's bytes, lower-case hex (WeChat Pay's `hash_value`, over the uncompressed bill). */
  readonly sha1: string;
  /** The number of detail rows. */
  readonly rows: number;
  /** The bill's size in bytes. */
  readonly bytes: number;
}

/**
 * Generates a bill once to learn its digest, row count and size, in constant memory.
 *
 * @param spec - the bill
 */
export function measureBill(spec: BillSpec): BillMeasure {
  const hash = createHash('sha1');
  let bytes = 0;
  const lines = billLines(spec);
  for (let next = lines.next(); ; next = lines.next()) {
    if (next.done === true) return { sha1: hash.digest('hex'), rows: next.value, bytes };
    hash.update(next.value);
    bytes += Buffer.byteLength(next.value);
  }
}
