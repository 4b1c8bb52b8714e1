import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { describeAnswer, describeRequest, redactV2Sign, verboseTrace } from '../../lib/cli/output/verbose.js';
import { headerLines, renderBody, renderResponse, statusLine } from '../../lib/cli/output/response.js';
import { WechatpayRequest, WechatpayResponse } from '../../lib/index.js';

function answer(status: number, body: string, headers: Record<string, string | string[]> = {}) {
  return new WechatpayResponse({ status, headers, body: Buffer.from(body) });
}

const SIGNATURE = 'c2lnbmF0dXJlLXRoYXQtbXVzdC1ub3QtYmUtc2hvd24=';

describe('cli: printing an answer', () => {
  it('prints the status line and one line per header value', () => {
    assert.equal(statusLine(answer(204, '')), 'HTTP/1.1 204 No Content');
    assert.equal(statusLine(new WechatpayResponse({ status: 599, headers: {} })), 'HTTP/1.1 599');
    assert.deepEqual(headerLines({ 'request-id': 'R1', 'set-cookie': ['a', 'b'], gone: undefined }, '< '), ['< request-id: R1', '< set-cookie: a', '< set-cookie: b']);
  });

  it('prints JSON compact or pretty, numbers exactly as received', () => {
    const res = answer(200, '{"brandid":12345678901234567890,"state":"IN"}', { 'content-type': 'application/json' });
    assert.equal(renderBody(res, { protocol: 'v3', pretty: false }), '{"brandid":12345678901234567890,"state":"IN"}\n');
    assert.equal(renderBody(res, { protocol: 'v3', pretty: true }), '{\n  "brandid": 12345678901234567890,\n  "state": "IN"\n}\n');
  });

  it('prints nothing for an empty answer', () => {
    assert.equal(renderBody(answer(204, ''), { protocol: 'v3', pretty: false }), '');
    assert.deepEqual(renderResponse(answer(204, ''), { protocol: 'v3', pretty: false, include: false }), []);
  });

  it('prints APIv2 XML as JSON', () => {
    const xml = '<xml><return_code><![CDATA[SUCCESS]]></return_code><user_state>NORMAL</user_state><total>0010</total></xml>';
    assert.equal(renderBody(answer(200, xml), { protocol: 'v2', pretty: false }), '{"return_code":"SUCCESS","user_state":"NORMAL","total":"0010"}\n');
  });

  it('prints other bodies byte for byte', () => {
    const csv = answer(200, '交易时间,公众账号ID\n`2022-06-01,`wx1\n', { 'content-type': 'text/plain' });
    assert.deepEqual(renderBody(csv, { protocol: 'v3', pretty: true }), csv.body);
    const broken = answer(200, '{"not json', { 'content-type': 'application/json' });
    assert.deepEqual(renderBody(broken, { protocol: 'v3', pretty: false }), broken.body);
    const html = answer(200, '<html>404</html>');
    assert.deepEqual(renderBody(html, { protocol: 'v2', pretty: false }), html.body);
  });

  it('puts the head before the body with -i', () => {
    const res = answer(200, '{"a":1}', { 'request-id': 'R1' });
    assert.deepEqual(renderResponse(res, { protocol: 'v3', pretty: false, include: true }), ['HTTP/1.1 200 OK\nrequest-id: R1\n\n', '{"a":1}\n']);
  });
});

describe('cli: -v trace', () => {
  const v3 = new WechatpayRequest({
    protocol: 'v3',
    method: 'POST',
    url: new URL('http://127.0.0.1:9/v3/businesscircle/parkings?x=1'),
    headers: { authorization: `WECHATPAY2-SHA256-RSA2048 mchid="1900000100",serial_no="AB",timestamp="1",nonce_str="n",signature="${SIGNATURE}"`, 'content-type': 'application/json', cookie: 'session=secret' },
    body: '{"brandid":1000}',
  });

  it('shows the request as sent, signature and cookies redacted', () => {
    const text = describeRequest(v3);
    assert.ok(text.startsWith('> POST /v3/businesscircle/parkings?x=1 HTTP/1.1\n> host: 127.0.0.1:9\n'), text);
    assert.match(text, /> authorization: WECHATPAY2-SHA256-RSA2048 mchid="1900000100",serial_no="AB",timestamp="1",nonce_str="n",signature="\[REDACTED\]"\n/);
    assert.match(text, /> cookie: \[REDACTED\]\n/);
    assert.ok(text.endsWith('>\n{"brandid":1000}\n'));
    assert.ok(!text.includes(SIGNATURE));
    assert.ok(!text.includes('session=secret'));
  });

  it('redacts the APIv2 sign in the body and the query', () => {
    assert.equal(redactV2Sign('<xml><a>1</a><sign>ABC</sign></xml>'), '<xml><a>1</a><sign>[REDACTED]</sign></xml>');
    assert.equal(redactV2Sign('<sign><![CDATA[ABC]]></sign>'), '<sign>[REDACTED]</sign>');
    assert.equal(redactV2Sign('/papay/h5entrustweb?mch_id=1&sign=ABC&x=2'), '/papay/h5entrustweb?mch_id=1&sign=[REDACTED]&x=2');
    const v2 = new WechatpayRequest({ protocol: 'v2', method: 'GET', url: new URL('http://h/papay/h5entrustweb?sign=DEADBEEF'), body: Buffer.from('<xml><sign>DEADBEEF</sign></xml>') });
    const text = describeRequest(v2);
    assert.ok(!text.includes('DEADBEEF'), text);
    assert.match(text, /^> GET \/papay\/h5entrustweb\?sign=\[REDACTED\] HTTP\/1\.1$/m);
    assert.match(text, /^<xml><sign>\[REDACTED\]<\/sign><\/xml>$/m);
  });

  it('shows no body line for a bodiless request, and a placeholder for a stream', () => {
    const get = new WechatpayRequest({ protocol: 'v3', method: 'GET', url: new URL('http://h/v3/x') });
    assert.ok(describeRequest(get).endsWith('>\n'));
    const upload = new WechatpayRequest({ protocol: 'v3', method: 'POST', url: new URL('http://h/v3/x'), body: Readable.from(['x']) });
    assert.ok(describeRequest(upload).endsWith('>\n[a stream]\n'));
  });

  it('shows the head of the answer', () => {
    assert.equal(describeAnswer(answer(200, '{}', { 'request-id': 'R1' })), '< HTTP/1.1 200 OK\n< request-id: R1\n<\n');
  });

  it('traces through a middleware, passing the answer on', async () => {
    const written: string[] = [];
    const res = answer(204, '');
    const got = await verboseTrace((text) => written.push(text))(v3, async () => res);
    assert.equal(got, res);
    assert.equal(written.length, 2);
    assert.ok(written[0].startsWith('> POST'));
    assert.ok(written[1].startsWith('< HTTP/1.1 204'));
  });
});
