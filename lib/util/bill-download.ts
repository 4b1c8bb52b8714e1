/**
 * 下载账单: request a bill (`v3/bill/tradebill`, `v3/bill/fundflowbill`), then stream it from its `download_url`,
 * gunzipped when asked, its digest checked on the way.
 *
 * @module
 */

import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline as pipe, Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { WechatpayError } from '../errors/wechatpay-error.js';
import type { QueryValue } from '../uri/query.js';
import { driverOf, type ClientLike } from './client.js';
import { DigestCheck } from './digest-check.js';

/**
 * The output chunk size of the gunzip stage. zlib's default (16 KiB) allocates a fresh buffer every 16 KiB of bill:
 * on a bill of hundreds of megabytes that garbage grows the RSS by over 100 MB before it is collected, and halves
 * the speed; 256 KiB buffers keep the RSS flat (see `bench/bill-download.mjs`).
 */
const GUNZIP_CHUNK_BYTES = 256 * 1024;

/** What a bill request answers (`hash_type`, `hash_value`, `download_url`), and whether the file comes gzipped. */
export interface BillTicket {
  /** The digest algorithm: `SHA1`. */
  readonly hash_type: string;
  /** The digest of the bill as generated, uncompressed (WeChat Pay: 原始账单（gzip需要解压缩）的摘要值). */
  readonly hash_value: string;
  /** Where to download it (valid for minutes): `https://api.mch.weixin.qq.com/v3/billdownload/file?token=…`. */
  readonly download_url: string;
  /** Ours, not WeChat Pay's: `true` when it was requested with `tar_type=GZIP`, so the file comes gzipped. */
  readonly gzip: boolean;
}

/** Options shared by the bill helpers' requests. */
export interface BillRequestOptions {
  /** Overall deadline of each request, in seconds. */
  readonly timeout?: number;
  /** Aborts the request (and the download). */
  readonly signal?: AbortSignal;
}

/** Which bill to request. */
export interface RequestBillOptions extends BillRequestOptions {
  /** `tradebill` (交易账单), `fundflowbill` (资金账单), or the path of another bill request answering the same way. */
  readonly type: 'tradebill' | 'fundflowbill' | (string & {});
  /** The query: `bill_date` (`yyyy-MM-dd`), and `bill_type`, `account_type`, `sub_mchid` … as the endpoint takes. */
  readonly query: Readonly<Record<string, QueryValue>>;
  /** `true`: ask for `tar_type=GZIP`, so the download is compressed in transit (it is written uncompressed). */
  readonly gzip?: boolean;
}

/**
 * Called as the bill arrives: `bytes` received so far from `download_url` (as sent: gzipped when `gzip`), and
 * `total`, the answer's `Content-Length`, when it has one.
 */
export type BillProgress = (bytes: number, total?: number) => void;

/** {@link RequestBillOptions} and where to write the bill. */
export interface DownloadBillOptions extends RequestBillOptions {
  /** A file path or `file://` URL (written atomically: nothing is left there on failure), or a stream to write to. */
  readonly to: string | URL | Writable;
  /**
   * Called with the bytes received so far from `download_url` (gzipped when `gzip`) and the `Content-Length`, when
   * the answer has one, after each chunk: for a progress bar. An exception it throws fails the download.
   */
  readonly onProgress?: BillProgress;
}

/** What {@link downloadBill} did. */
export interface BillDownload extends BillTicket {
  /** The size of the bill written, uncompressed, in bytes (what the digest covers). */
  readonly bytes: number;
  /** The file written, when `to` was a path. */
  readonly path?: string;
}

/** The request options of a bill call. */
function callOptions({ timeout, signal }: BillRequestOptions): { timeout?: number; signal?: AbortSignal } {
  return { ...(timeout === undefined ? {} : { timeout }), ...(signal === undefined ? {} : { signal }) };
}

/**
 * Requests a bill: `GET v3/bill/<type>?<query>` (with `tar_type=GZIP` when `gzip`), answered signed and verified as
 * usual.
 *
 * @param client - the chain root (or its `ClientDecorator`)
 * @param options - the bill type, query and `gzip`
 * @returns WeChat Pay's `{ hash_type, hash_value, download_url }`, and `gzip`
 * @throws WechatpayError when the answer has no `download_url` or digest; HttpError, NetworkError … as any call
 */
export async function requestBill(client: ClientLike, options: RequestBillOptions): Promise<BillTicket> {
  const path = options.type.includes('/') ? options.type : `v3/bill/${options.type}`;
  const gzip = options.gzip === true;
  const query = gzip ? { ...options.query, tar_type: 'GZIP' } : options.query;
  const answer = (await driverOf(client).request('GET', path, { query, ...callOptions(options) })).json<Partial<BillTicket> | undefined>();
  const { hash_type: hashType, hash_value: hashValue, download_url: url } = answer ?? {};
  if (typeof hashType !== 'string' || typeof hashValue !== 'string' || typeof url !== 'string') {
    throw new WechatpayError(`The answer of ${path} lacks hash_type, hash_value or download_url: it is not a bill request answer.`);
  }
  return { hash_type: hashType, hash_value: hashValue, download_url: url, gzip };
}

/**
 * Downloads a bill as a stream: `GET <download_url>` (signed, as every APIv3 request; its answer is not, so it is not
 * verified), gunzipped when the ticket says so, through a {@link DigestCheck} of `hash_value` over the uncompressed
 * bytes. The stream ends only if the digest matches; otherwise it errors with a `DigestMismatchError` after the last
 * byte — so do not commit what you read before it ends. Memory stays flat whatever the size.
 *
 * @param client - the chain root (or its `ClientDecorator`)
 * @param ticket - what {@link requestBill} answered
 * @param options - timeout, signal
 * @throws TypeError for an unknown `hash_type` (before anything is sent); HttpError, NetworkError … as any call
 */
export function openBill(client: ClientLike, ticket: BillTicket, options: BillRequestOptions = {}): Promise<Readable> {
  return checkedBill(client, ticket, options);
}

/** The `Content-Length` of an answer, when it has a valid one. */
function contentLength(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Passes the bytes on unchanged, telling `onProgress` the running count after each chunk. */
function progressTap(onProgress: BillProgress, total: number | undefined): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      try {
        onProgress(bytes, total);
      } catch (error) {
        callback(error as Error);
        return;
      }
      callback(null, chunk);
    },
  });
}

/** {@link openBill}, typed as the digest check it ends with (which counts the bytes); `onProgress` sees the bytes as received. */
async function checkedBill(client: ClientLike, ticket: BillTicket, options: BillRequestOptions, onProgress?: BillProgress): Promise<DigestCheck> {
  const check = new DigestCheck(ticket.hash_type, ticket.hash_value);
  const response = await driverOf(client).request('GET', ticket.download_url, { stream: true, verify_signature: false, http_errors: true, ...callOptions(options) });
  const received = response.stream ?? Readable.from([response.body ?? Buffer.alloc(0)]);
  const noop = (): void => undefined;
  const body = onProgress === undefined ? received : pipe(received, progressTap(onProgress, contentLength(response.header('content-length'))), noop);
  return ticket.gzip ? pipe(body, createGunzip({ chunkSize: GUNZIP_CHUNK_BYTES }), check, noop) : pipe(body, check, noop);
}

/** A path from a plain path, a `file://` string or a file URL. */
function toPath(target: string | URL): string {
  return target instanceof URL || target.startsWith('file://') ? fileURLToPath(target) : target;
}

/** Streams `source` into the file at `path` through a sibling temporary file, renamed on success, removed on failure. */
async function writeAtomically(source: Readable, path: string): Promise<void> {
  const partial = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await pipeline(source, createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * The whole bill flow: {@link requestBill}, then {@link openBill} into `to`, checking the digest on the way.
 *
 * ```ts
 * const bill = await downloadBill(wxpay, { type: 'tradebill', query: { bill_date: '2024-03-01' }, gzip: true, to: './2024-03-01.csv' });
 * console.log(bill.bytes, bill.hash_value);
 * ```
 *
 * On a digest mismatch it rejects with a `DigestMismatchError` (loudly: never a partial success): a file `to` is not
 * created (the bill is written to a temporary sibling, renamed only once the digest matched), a stream `to` is
 * destroyed with the error. PHP has no such helper: there the caller downloads and checks `hash_value` by hand.
 *
 * @param client - the chain root (or its `ClientDecorator`)
 * @param options - the bill (`type`, `query`, `gzip`), where to write it (`to`), `onProgress`, timeout and signal
 * @throws DigestMismatchError when the bill is not the one announced
 * @throws TypeError for an unknown `hash_type`; WechatpayError, HttpError, NetworkError … as the two calls
 */
export async function downloadBill(client: ClientLike, options: DownloadBillOptions): Promise<BillDownload> {
  const ticket = await requestBill(client, options);
  const bill = await checkedBill(client, ticket, options, options.onProgress);
  const { to } = options;
  if (typeof to === 'string' || to instanceof URL) {
    const path = toPath(to);
    await writeAtomically(bill, path);
    return { ...ticket, bytes: bill.bytes, path };
  }
  await pipeline(bill, to);
  return { ...ticket, bytes: bill.bytes };
}
