import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
/* eslint-disable @typescript-eslint/no-base-to-string -- String(res.getBody()) is the PHP idiom under test */
import { WechatpayResponse, XmlError } from '../lib/index.js';

const res = new WechatpayResponse({
  status: 200,
  headers: { 'content-type': 'application/json', 'request-id': 'RID', 'set-cookie': ['a=1', 'b=2'] },
  body: Buffer.from('{"code_url":"weixin://wxpay/bizpayurl?pr=qnu8GBtzz"}'),
});

describe('WechatpayResponse', () => {
  it('Node accessors', () => {
    assert.equal(res.status, 200);
    assert.equal(res.statusText, 'OK');
    assert.equal(res.text(), '{"code_url":"weixin://wxpay/bizpayurl?pr=qnu8GBtzz"}');
    assert.deepEqual(res.json(), { code_url: 'weixin://wxpay/bizpayurl?pr=qnu8GBtzz' });
    assert.equal(res.header('Request-ID'), 'RID');
    assert.equal(res.header('set-cookie'), 'a=1');
  });

  it('PSR-7 getters', () => {
    assert.equal(res.getStatusCode(), 200);
    assert.equal(res.getReasonPhrase(), 'OK');
    assert.deepEqual(res.getHeader('Set-Cookie'), ['a=1', 'b=2']);
    assert.equal(res.getHeaderLine('set-cookie'), 'a=1, b=2');
    assert.deepEqual(res.getHeader('missing'), []);
    assert.equal(res.getHeaderLine('missing'), '');
    assert.equal(res.hasHeader('REQUEST-ID'), true);
    assert.deepEqual(res.getHeaders()['request-id'], ['RID']);
    assert.equal(String(res.getBody()), res.text());
  });

  it('toArray() reads an XML body like Transformer.toArray, once; a body that is not XML is an XmlError', () => {
    const xml = new WechatpayResponse({ status: 200, headers: {}, body: Buffer.from('<xml><return_code><![CDATA[SUCCESS]]></return_code></xml>') });
    assert.deepEqual(xml.toArray(), { return_code: 'SUCCESS' });
    assert.equal(xml.toArray(), xml.toArray());
    assert.throws(() => res.toArray(), (error: unknown) => error instanceof XmlError && error.reason === 'not-xml');
    assert.throws(() => new WechatpayResponse({ status: 204, headers: {} }).toArray(), (error: unknown) => error instanceof XmlError && error.reason === 'empty');
  });

  it('an empty body: text() is empty, json() is undefined; 204 has its reason phrase', () => {
    const empty = new WechatpayResponse({ status: 204, headers: {} });
    assert.equal(empty.text(), '');
    assert.equal(empty.json(), undefined);
    assert.equal(empty.getReasonPhrase(), 'No Content');
    assert.equal(String(empty.getBody()), '');
  });

  it('a streamed body is the Readable', () => {
    const stream = Readable.from([Buffer.from('x')]);
    const streamed = new WechatpayResponse({ status: 200, headers: {}, stream });
    assert.equal(streamed.getBody(), stream);
    assert.equal(streamed.text(), '');
  });

  it('prints a short summary', () => {
    assert.equal(inspect(res), `WechatpayResponse { 200 OK, ${res.body?.length} bytes, request-id: RID }`);
  });
});
