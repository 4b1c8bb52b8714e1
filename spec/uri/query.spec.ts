import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeQuery, QueryError } from '../../lib/index.js';

describe('query encoding (RFC 3986, UTF-8; php-sdk.md T3)', () => {
  it('encodes a Chinese plate as UTF-8 (seed 003)', () => {
    assert.equal(
      encodeQuery({ appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'oUpF8uMuAJOM2pxb1Q' }),
      'appid=wxcbda96de0b165486&sub_mchid=1900000109&plate_number=%E7%B2%A4B888888&plate_color=BLUE&openid=oUpF8uMuAJOM2pxb1Q',
    );
  });

  it('booleans, null, empty strings and arrays as PHP http_build_query (RFC 3986)', () => {
    assert.equal(encodeQuery({ t: true, f: false, n: null, e: '', d: [0] }), 't=1&f=0&e=&d%5B0%5D=0');
    assert.equal(encodeQuery({ m: { a: 'x y' } }), 'm%5Ba%5D=x%20y');
    assert.equal(encodeQuery({ s: "a!'()*~" }), 's=a%21%27%28%29%2A~');
  });

  it('takes a string as an already-built query, encoding only what may not stand in one', () => {
    assert.equal(encodeQuery('?x=y z&a=%E4%B8%AD'), 'x=y%20z&a=%E4%B8%AD');
    assert.equal(encodeQuery('k=粤'), 'k=%E7%B2%A4');
  });
});

describe('query values without a text form', () => {
  it('a Date is sent as its ISO 8601 UTC text, as JSON.stringify writes it', () => {
    assert.equal(encodeQuery({ t: new Date(Date.UTC(2026, 11, 3, 4, 5, 6)) }), 't=2026-12-03T04%3A05%3A06.000Z');
  });

  it('functions, symbols, Buffers, invalid Dates, circular and deep objects are a QueryError naming the key', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    let deep: unknown = 'x';
    for (let i = 0; i < 9; i += 1) deep = { d: deep };
    const cases: [unknown, RegExp][] = [
      [() => 1, /`f` is a function/],
      [Symbol('s'), /`f` is a symbol/],
      [Buffer.from('x'), /`f` is bytes/],
      [new Date(Number.NaN), /invalid Date/],
      [circular, /`f\[self\]` refers to itself/],
      [deep, /nested more than 8 levels/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => encodeQuery({ f: value } as never), (error: unknown) => error instanceof QueryError && message.test(error.message));
    }
  });
});
