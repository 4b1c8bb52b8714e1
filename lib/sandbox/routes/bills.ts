/**
 * Bills: 申请交易账单, 申请资金账单 and 下载账单. The bill requests answer a signed `{hash_type, hash_value,
 * download_url}`; the download serves the bill unsigned (as WeChat Pay does), streamed and, on request, gzipped.
 *
 * @module
 */

import { pipeline, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { download, json, paramError, problem, type Answer } from '../answer.js';
import type { Route, RouteInput } from '../router.js';
import { isMissing } from '../validation.js';
import { billChunks, measureBill, type BillKind, type BillSpec } from './bill-file.js';
import { badFormat, notOneOf, required } from './messages.js';


const BILL_TYPES = ['ALL', 'SUCCESS', 'REFUND', 'RECHARGE_REFUND', 'ALL_SPECIAL', 'SUC_SPECIAL', 'REF_SPECIAL'];
const ACCOUNT_TYPES = ['BASIC', 'OPERATION', 'FEES'];
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** What a download token stands for: the bill (with its row count fixed) and whether to gzip it. */
interface Ticket {
  readonly spec: BillSpec & { readonly rows: number };
  readonly gzip: boolean;
}

/** The token of a ticket: base64url JSON (the sandbox keeps no state between the two calls). */
function tokenOf(ticket: Ticket): string {
  return Buffer.from(JSON.stringify(ticket)).toString('base64url');
}

/** The ticket of a token, or `undefined` when it is not one. */
function ticketOf(token: string): Ticket | undefined {
  try {
    const ticket = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Ticket>;
    const spec = ticket.spec;
    if (spec === undefined || typeof spec.rows !== 'number' || typeof ticket.gzip !== 'boolean') return undefined;
    return { spec, gzip: ticket.gzip };
  } catch {
    return undefined;
  }
}

/** Today's date in Beijing, `yyyy-MM-dd`. */
function beijingToday(now: Date): string {
  return new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whether `text` is an existing calendar date `yyyy-MM-dd`. */
function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

/** Checks `bill_date`, the type member (`bill_type` or `account_type`) and `tar_type`; the refusal, if any. */
function checkQuery(query: Readonly<Record<string, string>>, typeName: string, types: readonly string[], now: Date): Answer | undefined {
  const { bill_date: date, tar_type: tar } = query;
  if (date === undefined || isMissing(date)) return paramError(required('bill_date'));
  if (!isDate(date)) return paramError(badFormat('bill_date'));
  if (date >= beijingToday(now)) return problem(400, 'NO_STATEMENT_EXIST', '账单文件不存在');
  const type = query[typeName];
  if (type !== undefined && !types.includes(type)) return paramError(notOneOf(typeName, types));
  if (tar !== undefined && tar !== 'GZIP') return paramError(notOneOf('tar_type', ['GZIP']));
  return undefined;
}

/**
 * A bill request: checks the query, generates the bill once to learn its SHA-1 (WeChat Pay's `hash_value` is the
 * digest of the original bill, uncompressed even when `tar_type=GZIP`), and answers the `download_url` of the
 * sandbox's own `/v3/billdownload/file` (absolute, or relative when the sandbox does not pass its address on).
 */
function answerBillRequest(kind: BillKind, typeName: string, types: readonly string[], { query, mchid, state, now, platform }: RouteInput): Answer {
  const refusal = checkQuery(query, typeName, types, now);
  if (refusal !== undefined) return refusal;
  const spec = { kind, mchid, date: query.bill_date ?? '', type: query[typeName] ?? types[0] ?? '' };
  const measured = measureBill({ ...spec, rows: { untilBytes: state.billSize } });
  const token = tokenOf({ spec: { ...spec, rows: measured.rows }, gzip: query.tar_type === 'GZIP' });
  const base = platform?.url ?? '/';
  return json(200, { hash_type: 'SHA1', hash_value: measured.sha1, download_url: `${base}v3/billdownload/file?token=${token}` });
}

/** The gzip of a stream of chunks. */
function gzipped(chunks: Iterable<Uint8Array>): Readable {
  const gzip = createGzip({ level: 1, chunkSize: 256 * 1024 });
  pipeline(Readable.from(chunks, { objectMode: false }), gzip, () => undefined);
  return gzip;
}

/**
 * `GET /v3/billdownload/file?token=…` (下载账单): the bill of the token, unsigned, streamed in chunks (`text/plain`),
 * or gzipped (`application/x-gzip`) when it was requested with `tar_type=GZIP`. With `state.billCorrupt`, one byte
 * of the bill is changed.
 *
 * @param input - the token, and the state
 */
export function downloadBillFile({ query, state }: RouteInput): Answer {
  const ticket = ticketOf(query.token ?? '');
  if (ticket === undefined) return paramError(isMissing(query.token) ? required('token') : badFormat('token'));
  const corrupt = state.billCorrupt;
  const chunks = (): Iterable<Buffer> => billChunks(ticket.spec, corrupt);
  return ticket.gzip
    ? download({ contentType: 'application/x-gzip', chunks: () => gzipped(chunks()) })
    : download({ contentType: 'text/plain; charset=utf-8', chunks });
}

/** The bill endpoints. */
export const billRoutes: readonly Route[] = [
  { method: 'GET', path: '/v3/bill/tradebill', handle: (input) => answerBillRequest('tradebill', 'bill_type', BILL_TYPES, input) },
  { method: 'GET', path: '/v3/bill/fundflowbill', handle: (input) => answerBillRequest('fundflowbill', 'account_type', ACCOUNT_TYPES, input) },
  { method: 'GET', path: '/v3/billdownload/file', handle: downloadBillFile },
];
