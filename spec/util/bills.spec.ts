import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, beforeEach, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClientError, CsvBillReader, DigestCheck, DigestMismatchError, Formatter, downloadBill, openBill, requestBill } from '../../lib/index.js';
import { useSandbox } from './sandbox-client.js';
import { DEFAULT_BILL_SIZE } from '../../lib/sandbox/index.js';

const billDate = '2024-03-01';
const dir = mkdtempSync(join(tmpdir(), 'bills-'));
const env = useSandbox();

beforeEach(() => {
  env.sandbox.reset();
  env.sandbox.state.billSize = DEFAULT_BILL_SIZE;
  env.sandbox.state.billCorrupt = false;
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** A writable that keeps what it is given. */
function sink(): Writable & { bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const writable = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return Object.assign(writable, { bytes: () => Buffer.concat(chunks) });
}

describe('bills: request, stream, digest', () => {
  it('申请交易账单 answers a signed {hash_type, hash_value, download_url} pointing at the sandbox', async () => {
    const ticket = await requestBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate, bill_type: 'ALL' } });
    assert.equal(ticket.hash_type, 'SHA1');
    assert.match(ticket.hash_value, /^[0-9a-f]{40}$/);
    assert.ok(ticket.download_url.startsWith(`${env.sandbox.url}v3/billdownload/file?token=`), ticket.download_url);
    assert.equal(ticket.gzip, false);
    assert.equal(env.sandbox.lastRequest()?.target, `/v3/bill/tradebill?bill_date=${billDate}&bill_type=ALL`);
  });

  it('downloadBill to a path: signed request, unsigned answer, digest of the bytes written, castCsvBill reads it', async () => {
    const path = join(dir, 'trade.csv');
    const bill = await downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, to: path });
    const bytes = readFileSync(path);
    assert.equal(bill.path, path);
    assert.equal(bill.bytes, bytes.length);
    assert.equal(sha1(bytes), bill.hash_value);
    const download = env.sandbox.lastRequest();
    assert.equal(download?.path, '/v3/billdownload/file');
    assert.equal(download?.authorized, true, 'the download request is signed');
    const { rows, summary } = Formatter.castCsvBill(bytes);
    assert.equal(rows.length, Number(summary['总交易单数']));
    assert.equal(rows[0]['商户号'], env.sandbox.mchid);
    assert.equal(rows[0]['交易时间']?.slice(0, 10), billDate);
  });

  it('gzip: tar_type=GZIP, gunzipped on the way; the digest is over the uncompressed bill, as WeChat Pay documents', async () => {
    const plain = await downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, to: join(dir, 'plain.csv') });
    const zipped = await downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, gzip: true, to: pathToFileURL(join(dir, 'zipped.csv')) });
    assert.equal(zipped.gzip, true);
    assert.equal(zipped.hash_value, plain.hash_value);
    assert.deepEqual(readFileSync(join(dir, 'zipped.csv')), readFileSync(join(dir, 'plain.csv')));
    const tradebill = env.sandbox.requests.at(-2);
    assert.equal(tradebill?.query.tar_type, 'GZIP');
  });

  it('申请资金账单 with account_type, into a stream', async () => {
    const out = sink();
    const bill = await downloadBill(env.wxpay, { type: 'fundflowbill', query: { bill_date: billDate, account_type: 'OPERATION' }, gzip: true, to: out });
    assert.equal(sha1(out.bytes()), bill.hash_value);
    assert.equal(bill.path, undefined);
    const { rows, summary } = Formatter.castCsvBill(out.bytes());
    assert.deepEqual(Object.keys(summary), ['资金流水总笔数', '收入笔数', '收入金额', '支出笔数', '支出金额']);
    assert.equal(rows.length, Number(summary['资金流水总笔数']));
  });

  it('openBill + CsvBillReader: rows as they arrive, the summary at the end', async () => {
    env.sandbox.state.billSize = 200_000;
    const ticket = await requestBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate, bill_type: 'SUCCESS' }, gzip: true });
    const reader = new CsvBillReader(await openBill(env.wxpay, ticket));
    let cents = 0;
    for await (const row of reader) {
      assert.equal(row['交易状态'], 'SUCCESS');
      cents += Math.round(Number(row['应结订单金额']) * 100);
    }
    assert.ok(reader.count > 500);
    assert.equal(String(reader.count), reader.summary['总交易单数']);
    assert.equal((cents / 100).toFixed(2), reader.summary['应结订单总金额']);
  });

  it('onProgress: the running count of the bytes received (gzipped as sent), without a total when chunked; a throw fails the download', async () => {
    const calls: [number, number | undefined][] = [];
    env.sandbox.state.billSize = 200_000;
    const plain = await downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, to: join(dir, 'progress.csv'), onProgress: (bytes, total) => calls.push([bytes, total]) });
    assert.ok(calls.length > 1, 'called per chunk');
    assert.ok(calls.every(([bytes], i) => bytes > (calls[i - 1]?.[0] ?? 0)), 'increasing');
    assert.deepEqual(calls.at(-1), [plain.bytes, undefined], 'the sandbox streams chunked: no Content-Length');
    calls.length = 0;
    const zipped = await downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, gzip: true, to: join(dir, 'progress.csv'), onProgress: (bytes, total) => calls.push([bytes, total]) });
    assert.ok((calls.at(-1)?.[0] ?? 0) < zipped.bytes / 2, 'the gzipped bytes on the wire');
    const path = join(dir, 'progress-refused.csv');
    const refuse = (): void => {
      throw new Error('stop');
    };
    await assert.rejects(downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, to: path, onProgress: refuse }), /stop/);
    assert.equal(existsSync(path), false);
  });

  it('a corrupted bill rejects loudly with DigestMismatchError and leaves no file behind', async () => {
    env.sandbox.state.billCorrupt = true;
    const path = join(dir, 'corrupt.csv');
    const rejection = downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, gzip: true, to: path });
    await assert.rejects(rejection, (error: unknown) => {
      assert.ok(error instanceof DigestMismatchError);
      assert.equal(error.algorithm, 'SHA1');
      assert.match(error.expected, /^[0-9a-f]{40}$/);
      assert.notEqual(error.actual, error.expected);
      assert.ok(error.bytes > 0);
      assert.match(error.message, /download it again/);
      return true;
    });
    assert.equal(existsSync(path), false);
    assert.deepEqual(readdirSync(dir).filter((name) => name.includes('corrupt')), [], 'the partial file is removed');
  });

  it('a corrupted bill destroys a stream `to` with the error; openBill errors instead of ending', async () => {
    env.sandbox.state.billCorrupt = true;
    const out = sink();
    await assert.rejects(downloadBill(env.wxpay, { type: 'fundflowbill', query: { bill_date: billDate }, to: out }), DigestMismatchError);
    assert.equal(out.destroyed, true);
    assert.ok(out.errored instanceof DigestMismatchError);
    const ticket = await requestBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate } });
    const rows = new CsvBillReader(await openBill(env.wxpay, ticket));
    await assert.rejects(async () => {
      for await (const row of rows) assert.ok(row);
    }, DigestMismatchError);
  });

  it('the bill requests check their query', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{}, 400, 'PARAM_ERROR'],
      [{ bill_date: '2024-02-30' }, 400, 'PARAM_ERROR'],
      [{ bill_date: '2999-01-01' }, 400, 'NO_STATEMENT_EXIST'],
      [{ bill_date: billDate, bill_type: 'NONE' }, 400, 'PARAM_ERROR'],
      [{ bill_date: billDate, tar_type: 'ZIP' }, 400, 'PARAM_ERROR'],
    ];
    for (const [query, status, code] of cases) {
      await assert.rejects(requestBill(env.wxpay, { type: 'tradebill', query }), (error: unknown) => error instanceof ClientError && error.status === status && error.code === code, JSON.stringify(query));
    }
    await assert.rejects(env.wxpay.v3.billdownload.file.get({ query: { token: 'bm90LWEtdGlja2V0' } }), (error: unknown) => error instanceof ClientError && error.code === 'PARAM_ERROR');
  });

  for (const gzip of [false, true]) {
    it(`a large bill streams through${gzip ? ' gunzipped' : ''}: nothing accumulates, in the client or in the sandbox`, async () => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      /** The heap and the buffers still held once garbage is collected (array buffers are swept concurrently). */
      const held = async (): Promise<number> => {
        for (let i = 0; i < 3; i++) {
          gc();
          await new Promise((resolve) => setImmediate(resolve));
        }
        const { heapUsed, arrayBuffers } = process.memoryUsage();
        return heapUsed + arrayBuffers;
      };
      env.sandbox.state.billSize = 48 * 1024 * 1024;
      const mark = 8 * 1024 * 1024;
      let largest = 0;
      let seen = 0;
      const before = await held();
      let peak = before;
      const check = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          largest = Math.max(largest, chunk.length);
          seen += chunk.length;
          if (Math.floor(seen / mark) === Math.floor((seen - chunk.length) / mark)) {
            callback();
            return;
          }
          held().then((now) => {
            peak = Math.max(peak, now);
            callback();
          }, callback);
        },
      });
      const bill = await downloadBill(env.wxpay, { type: 'tradebill', query: { bill_date: billDate }, gzip, to: check });
      assert.ok(bill.bytes >= 48 * 1024 * 1024);
      assert.ok(largest <= 256 * 1024, `largest chunk ${largest}`);
      // buffering the body would hold 48 MB (about 6 MB gzipped); the benchmark measures 500 MB in two processes
      assert.ok(peak - before < (gzip ? 4 : 8) * 1024 * 1024, `${((peak - before) / 1048576).toFixed(1)} MB held during a 48 MB download`);
    });
  }
});

describe('DigestCheck', () => {
  it('passes bytes through and ends only when the digest matches', async () => {
    const data = Buffer.from('bill');
    const good = new DigestCheck('SHA1', sha1(data).toUpperCase());
    good.end(data);
    const out: Buffer[] = [];
    for await (const chunk of good) out.push(chunk as Buffer);
    assert.deepEqual(Buffer.concat(out), data);
    assert.equal(good.bytes, 4);
    const bad = new DigestCheck('SHA1', sha1(Buffer.from('other')));
    bad.end(data);
    await assert.rejects(async () => {
      for await (const chunk of bad) assert.ok(chunk);
    }, DigestMismatchError);
  });

  it('knows SHA256 too, and refuses an unknown hash_type', () => {
    assert.equal(new DigestCheck('SHA256', 'AB').expected, 'ab');
    assert.throws(() => new DigestCheck('CRC32', 'ab'), /Unsupported hash_type "CRC32"/);
  });
});
