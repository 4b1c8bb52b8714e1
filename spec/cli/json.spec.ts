import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reformatJson } from '../../lib/cli/output/json.js';

describe('cli: JSON layout', () => {
  const sample = { a: 1, b: [true, null, 'x'], c: { d: {}, e: [] }, f: 'q"u{o}t,e:d\\', g: -1.5e3 };

  it('lays out like JSON.stringify, compact and indented', () => {
    const text = JSON.stringify(sample, null, 3);
    assert.equal(reformatJson(text, 0), JSON.stringify(sample));
    assert.equal(reformatJson(text, 2), JSON.stringify(sample, null, 2));
    assert.equal(reformatJson(JSON.stringify(sample), 4), JSON.stringify(sample, null, 4));
  });

  it('keeps every digit of a large number, and escapes as written', () => {
    assert.equal(reformatJson('{ "amount" : 12345678901234567890123, "name": "\\u7ca4B" }', 0), '{"amount":12345678901234567890123,"name":"\\u7ca4B"}');
    assert.equal(reformatJson('[0.10000000000000000001]', 2), '[\n  0.10000000000000000001\n]');
  });

  it('keeps empty containers and scalars on one line', () => {
    assert.equal(reformatJson(' { } ', 2), '{}');
    assert.equal(reformatJson('[ ]', 2), '[]');
    assert.equal(reformatJson('"粤B888888"', 2), '"粤B888888"');
    assert.equal(reformatJson('42', 2), '42');
  });

  it('throws a SyntaxError for text that is not JSON', () => {
    assert.throws(() => reformatJson('{brandid: 1}', 0), SyntaxError);
    assert.throws(() => reformatJson('', 0), SyntaxError);
  });
});
