import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CsvBillReader, Formatter } from '../../lib/index.js';
import { lines } from '../../lib/util/lines.js';

const fixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'bill.ALL.csv'));

/** The bytes in chunks of `size`, so multi-byte characters and CRLF pairs are split across chunks. */
function* chunked(bytes: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('lines()', () => {
  it('splits CRLF and LF, drops the BOM, keeps a last line without an ending', async () => {
    assert.deepEqual(await collect(lines([Buffer.from('\uFEFFa\r\nb\nc')])), ['a', 'b', 'c']);
    assert.deepEqual(await collect(lines(['x\r\n', '\r\ny'])), ['x', '', 'y']);
    assert.deepEqual(await collect(lines([])), []);
  });

  it('decodes UTF-8 split anywhere, byte by byte', async () => {
    assert.deepEqual(await collect(lines(chunked(Buffer.from('交易\r\n账单'), 1))), ['交易', '账单']);
  });

  it('drops a BOM that arrives split, or in a string chunk', async () => {
    assert.deepEqual(await collect(lines(chunked(Buffer.from('\uFEFFok'), 1))), ['ok']);
    assert.deepEqual(await collect(lines(['\uFEFFok'])), ['ok']);
  });
});

describe('CsvBillReader', () => {
  it('reads the fixture exactly as castCsvBill does, whatever the chunk size', async () => {
    const expected = Formatter.castCsvBill(fixture);
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const reader = new CsvBillReader(Readable.from(chunked(fixture, size)));
      assert.deepEqual(await collect(reader), expected.rows, `chunks of ${size}`);
      assert.deepEqual(reader.summary, expected.summary);
      assert.equal(reader.count, 3);
      assert.equal(reader.header.length, 27);
      assert.equal(reader.header[0], '交易时间');
    }
  });

  it('has no summary until the end', async () => {
    const reader = new CsvBillReader([fixture]);
    for await (const row of reader) {
      assert.equal(typeof row['交易时间'], 'string');
      assert.deepEqual(reader.summary, {});
    }
    assert.equal(reader.summary['总交易单数'], '3');
  });

  it('short bills follow castCsvBill: fewer than three lines have no summary', async () => {
    for (const text of ['a,b\r\n`1,`2\r\n', 'a,b\r\n', '', 'a,b\r\ns\r\n`9\r\n', 'a\r\n`1\r\n`2\r\ns\r\n`3']) {
      const reader = new CsvBillReader([text]);
      const rows = await collect(reader);
      assert.deepEqual({ rows, summary: reader.summary }, Formatter.castCsvBill(text), JSON.stringify(text));
    }
  });

  it('reads once', async () => {
    const reader = new CsvBillReader([fixture]);
    await collect(reader);
    await assert.rejects(collect(reader), /reads its stream once/);
  });

  it('holds one line at a time: 400 000 rows stream through with flat memory', async () => {
    const head = 'a,b,c\r\n';
    const rows = 400_000;
    async function* source(): AsyncGenerator<string> {
      yield head;
      for (let i = 0; i < rows; i += 1000) {
        let block = '';
        for (let j = i; j < i + 1000; j++) block += `\`${j},\`${'x'.repeat(100)},\`${j * 2}\r\n`;
        yield block;
      }
      yield 's\r\n`done\r\n';
    }
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    const reader = new CsvBillReader(source());
    let seen = 0;
    for await (const row of reader) {
      seen += 1;
      if (seen % 100_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      if (seen === rows) assert.equal(row.c, String((rows - 1) * 2));
    }
    assert.equal(seen, rows);
    assert.deepEqual(reader.summary, { s: 'done' });
    // about 45 MB of text went through; what is held at any time is a block of rows and a few parsed ones
    assert.ok(peak - before < 4 * 1024 * 1024, `the heap retained ${((peak - before) / 1048576).toFixed(1)} MB`);
  });
});
