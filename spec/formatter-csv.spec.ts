import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Formatter } from '../lib/index.js';

const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'bill.ALL.csv'));

describe('Formatter.castCsvLine', () => {
  it('strips the backticks of a data row and keys the cells by the header', () => {
    assert.deepEqual(Formatter.castCsvLine('`2024-03-01 08:15:02,`wx8888888888888888,`12.00', ['交易时间', '公众账号ID', '应结订单金额']), {
      交易时间: '2024-03-01 08:15:02',
      公众账号ID: 'wx8888888888888888',
      应结订单金额: '12.00',
    });
  });

  it('keeps a comma inside a backticked cell, and an empty last cell', () => {
    assert.deepEqual(Formatter.castCsvLine('`停车费,B1层,`,`0.60%,`', ['商品名称', '商户数据包', '费率', '费率备注']), { 商品名称: '停车费,B1层', 商户数据包: '', 费率: '0.60%', 费率备注: '' });
  });

  it('splits a header line (no backticks) on commas, keying cells by index without keys', () => {
    assert.deepEqual(Formatter.castCsvLine('总交易单数,应结订单总金额'), { 0: '总交易单数', 1: '应结订单总金额' });
  });

  it('keys the cells beyond the keys by their index', () => {
    assert.deepEqual(Formatter.castCsvLine('`a,`b,`c', ['x']), { x: 'a', 1: 'b', 2: 'c' });
  });

  it('makes own properties even for a cell named __proto__', () => {
    const row = Formatter.castCsvLine('`polluted', ['__proto__']);
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, 'polluted');
  });
});

describe('Formatter.castCsvBill (the bill.ALL.csv fixture: BOM, CRLF, backticks, summary)', () => {
  it('has the real format', () => {
    assert.deepEqual([...fixture.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(fixture.toString('utf8').split('\r\n').length, 7, 'six CRLF-ended lines');
  });

  it('parses the rows by the header row and the summary by the summary header', () => {
    const { rows, summary } = Formatter.castCsvBill(fixture);
    assert.equal(rows.length, 3);
    assert.equal(Object.keys(rows[0]).length, 27);
    assert.equal(rows[0]['交易时间'], '2024-03-01 08:15:02', 'the BOM is not in the first key');
    assert.equal(rows[0]['商品名称'], '停车费,B1层');
    assert.equal(rows[1]['代金券金额'], '5.00');
    assert.equal(rows[2]['交易状态'], 'REFUND');
    assert.equal(rows[2]['费率备注'], '');
    assert.deepEqual(summary, { 总交易单数: '3', 应结订单总金额: '100.50', 退款总金额: '12.00', 充值券退款总金额: '0.00', 手续费总金额: '0.53100', 订单总金额: '105.50', 申请退款总金额: '12.00' });
  });

  it('takes a string, LF endings, no BOM and blank lines alike', () => {
    const text = fixture.toString('utf8').slice(1).replaceAll('\r\n', '\n\n');
    assert.deepEqual(Formatter.castCsvBill(text), Formatter.castCsvBill(fixture));
  });

  it('reads a Uint8Array view with an offset', () => {
    const padded = Buffer.concat([Buffer.from('xx'), fixture]);
    assert.deepEqual(Formatter.castCsvBill(new Uint8Array(padded.buffer, padded.byteOffset + 2, fixture.length)), Formatter.castCsvBill(fixture));
  });

  it('a bill of fewer than three lines has no summary; an empty one has nothing', () => {
    assert.deepEqual(Formatter.castCsvBill('a,b\r\n`1,`2\r\n'), { rows: [{ a: '1', b: '2' }], summary: {} });
    assert.deepEqual(Formatter.castCsvBill('a,b\r\n'), { rows: [], summary: {} });
    assert.deepEqual(Formatter.castCsvBill(''), { rows: [], summary: {} });
    assert.deepEqual(Formatter.castCsvBill('a,b\r\ns\r\n`9\r\n'), { rows: [], summary: { s: '9' } });
  });
});
