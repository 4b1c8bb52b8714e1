import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateError, expandTemplate } from '../../lib/index.js';

describe('RFC 6570 expansion (php-sdk.md T2, with our documented deviations)', () => {
  const x = 'a/b c%2F+=?#中';

  it('{x} percent-encodes everything outside unreserved, % and / included', () => {
    assert.equal(expandTemplate('{x}', { x }), 'a%2Fb%20c%252F%2B%3D%3F%23%E4%B8%AD');
  });

  it('{+x} keeps reserved characters and existing %XX triplets (PHP double-encodes them)', () => {
    assert.equal(expandTemplate('{+x}', { x }), 'a/b%20c%2F+=?#%E4%B8%AD');
    assert.equal(expandTemplate('{+x}', { x: '100%' }), '100%25');
  });

  it('keeps a complaint-image media ID intact through {+x}', () => {
    const id = 'ChsyMDAyMDgwMjAyMjAyMTgxMTA0NDEzMTEwMzASGzMwMDIwMDAyMDIyMDIxODE1MDQ0MTcwOTI5NhgAIO%2FFR1pAGKAMwAjgB';
    assert.equal(expandTemplate('v3/merchant-service/images/{+media_id}', { media_id: id }), `v3/merchant-service/images/${id}`);
    assert.notEqual(expandTemplate('v3/merchant-service/images/{media_id}', { media_id: id }), `v3/merchant-service/images/${id}`);
  });

  it('a missing, undefined or null variable is a TemplateError naming it (PHP expands it to nothing)', () => {
    for (const variables of [{}, { a: undefined }, { a: null }]) {
      assert.throws(
        () => expandTemplate('v3/{a}', variables),
        (e: unknown) => e instanceof TemplateError && e.variable === 'a' && /needs the variable `a`/.test(e.message),
      );
    }
  });

  it("'' expands to nothing; true → 1, false → empty, 12 → 12", () => {
    assert.equal(expandTemplate('v3/{a}', { a: '' }), 'v3/');
    assert.equal(expandTemplate('{a}', { a: true }), '1');
    assert.equal(expandTemplate('{a}', { a: false }), '');
    assert.equal(expandTemplate('{a}', { a: 12 }), '12');
  });

  it('lists, maps, prefixes and query expressions', () => {
    assert.equal(expandTemplate('{list}', { list: ['x', 'y'] }), 'x,y');
    assert.equal(expandTemplate('{/list*}', { list: ['x', 'y'] }), '/x/y');
    assert.equal(expandTemplate('{?keys*}', { keys: { k1: 'v1', k2: 'v2' } }), '?k1=v1&k2=v2');
    assert.equal(expandTemplate('{id:3}', { id: 'abcdef' }), 'abc');
    assert.equal(expandTemplate('x{?a,b}', { a: 1, b: 'c d' }), 'x?a=1&b=c%20d');
    assert.equal(expandTemplate('{;p}', { p: '' }), ';p');
    assert.equal(expandTemplate('{.d}', { d: 'json' }), '.json');
    assert.equal(expandTemplate('{#f}', { f: 'a b/c' }), '#a%20b/c');
  });

  it('variable names may contain a hyphen ({open-id} from _openId_)', () => {
    assert.equal(expandTemplate('v3/{open-id}', { 'open-id': 'o1' }), 'v3/o1');
  });

  it('expanded values keep their case (not normalised)', () => {
    assert.equal(expandTemplate('{+myurl}', { myurl: 'v3/x/AbcdEF12345/coupons' }), 'v3/x/AbcdEF12345/coupons');
  });

  it('a template without expressions is returned as is', () => {
    assert.equal(expandTemplate('v3/pay/transactions', {}), 'v3/pay/transactions');
  });

  it('rejects malformed expressions', () => {
    assert.throws(() => expandTemplate('v3/{}', {}), TemplateError);
    assert.throws(() => expandTemplate('v3/{a b}', {}), TemplateError);
  });
});

describe('templates never retarget a request', () => {
  it('an ID of `..` or `.` is refused instead of climbing or dropping a segment', () => {
    for (const out_trade_no of ['..', '.']) {
      assert.throws(() => expandTemplate('v3/pay/transactions/out-trade-no/{out_trade_no}/close', { out_trade_no }), (error: unknown) => error instanceof TemplateError && /dot|`\.`/.test(error.message));
    }
    assert.throws(() => expandTemplate('v3/{+x}', { x: 'a/%2e%2E/b' }), TemplateError);
    assert.equal(expandTemplate('v3/x/{id}/y', { id: '...' }), 'v3/x/.../y');
    assert.equal(expandTemplate('v3/x/{id}/y', { id: '../a' }), 'v3/x/..%2Fa/y');
  });

  it('a variable cannot supply a scheme or a host: `{+x}` at the start of a template', () => {
    for (const x of ['https://evil.example/v3/x', '//evil.example/v3/x', 'javascript:alert(1)']) {
      assert.throws(() => expandTemplate('{+x}/y', { x }), (error: unknown) => error instanceof TemplateError && /another host/.test(error.message));
    }
    assert.equal(expandTemplate('{+x}/y', { x: 'v3/a' }), 'v3/a/y');
    assert.equal(expandTemplate('https://api.mch.weixin.qq.com/{+x}', { x: 'v3/a' }), 'https://api.mch.weixin.qq.com/v3/a');
  });

  it('`{constructor}` and `{toString}` are missing variables, not Object.prototype members', () => {
    assert.throws(() => expandTemplate('v3/x/{constructor}/y', {}), { name: 'TemplateError', message: /needs the variable `constructor`/ });
    assert.throws(() => expandTemplate('v3/x/{toString}/y', {}), TemplateError);
  });
});
