import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replyV2Failure, replyV2Success, replyV3Failure, replyV3Success, Transformer } from '../../lib/index.js';

describe('reply helpers', () => {
  it('APIv3 success: 200 (or 204) with no body and no headers', () => {
    assert.deepEqual(replyV3Success(), { status: 200, headers: {}, body: '' });
    assert.deepEqual(replyV3Success(204), { status: 204, headers: {}, body: '' });
    assert.throws(() => replyV3Success(201 as 200), RangeError);
  });

  it('APIv3 failure: {"code":"FAIL","message"} as JSON, 500 by default, any 4xx/5xx', () => {
    assert.deepEqual(replyV3Failure(), { status: 500, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"code":"FAIL","message":"失败"}' });
    const reply = replyV3Failure('bad "sign"', 401);
    assert.equal(reply.status, 401);
    assert.deepEqual(JSON.parse(reply.body), { code: 'FAIL', message: 'bad "sign"' });
    for (const status of [200, 399, 600, 401.5]) assert.throws(() => replyV3Failure('x', status), RangeError);
  });

  it('APIv2 success and failure: HTTP 200 and the return_code XML', () => {
    assert.deepEqual(replyV2Success(), {
      status: 200,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body: '<xml><return_code>SUCCESS</return_code><return_msg>OK</return_msg></xml>',
    });
    assert.equal(replyV2Failure().body, '<xml><return_code>FAIL</return_code><return_msg>失败</return_msg></xml>');
    const tricky = replyV2Failure('a <b> & ]]> c');
    assert.equal(tricky.status, 200);
    assert.deepEqual(Transformer.toArray(tricky.body), { return_code: 'FAIL', return_msg: 'a <b> & ]]> c' });
  });
});
