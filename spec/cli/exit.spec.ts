import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorLine, ExitCode, exitCodeOf } from '../../lib/cli/exit.js';
import { UsageError } from '../../lib/cli/usage-error.js';
import {
  ClientError,
  ConfigError,
  CryptoError,
  NetworkError,
  ServerError,
  SignatureMismatchError,
  TemplateError,
  TimeoutError,
  WechatpayError,
  WechatpayResponse,
  XmlError,
} from '../../lib/index.js';

const request = { method: 'POST', url: 'http://127.0.0.1:1/v3/businesscircle/parkings', headers: {} };

function answer(status: number, body: unknown) {
  return new WechatpayResponse({ status, headers: { 'request-id': 'R1', 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) });
}

describe('cli: exit codes', () => {
  it('are 0, 1, 2, 3', () => {
    assert.deepEqual(ExitCode, { OK: 0, WECHAT_ERROR: 1, USAGE: 2, FAILURE: 3 });
  });

  it('are 2 for usage, configuration and template errors', () => {
    assert.equal(exitCodeOf(new UsageError('x')), 2);
    assert.equal(exitCodeOf(new ConfigError('privateKey', 'x')), 2);
    assert.equal(exitCodeOf(new TemplateError('v3/{a}', 'x', 'a')), 2);
  });

  it('are 1 for an error answer from WeChat Pay', () => {
    assert.equal(exitCodeOf(new ClientError(answer(400, { code: 'PARAM_ERROR', message: 'm' }), request)), 1);
    assert.equal(exitCodeOf(new ServerError(answer(500, { code: 'SYSTEM_ERROR', message: 'm' }), request)), 1);
    class BusinessError extends WechatpayError {
      readonly response = answer(200, {});
    }
    assert.equal(exitCodeOf(new BusinessError('FAIL')), 1, 'any SDK error that carries the answer');
  });

  it('are 3 for no trustworthy answer, and anything unexpected', () => {
    assert.equal(exitCodeOf(new NetworkError('refused', request, { code: 'ECONNREFUSED' })), 3);
    assert.equal(exitCodeOf(new TimeoutError('slow', request)), 3);
    assert.equal(exitCodeOf(new SignatureMismatchError('bad', answer(200, {}), request)), 3);
    assert.equal(exitCodeOf(new XmlError('not-xml', 'An nginx page, not XML.', { response: answer(404, {}) })), 3);
    assert.equal(exitCodeOf(new CryptoError('x')), 3);
    assert.equal(exitCodeOf(new Error('bug')), 3);
  });
});

describe('cli: the error line', () => {
  it("carries WeChat Pay's code, message, request ID and detail", () => {
    const error = new ClientError(answer(400, { code: 'PARAM_ERROR', message: '业务必填字段brand_id为空', detail: { field: 'brand_id' } }), request);
    assert.equal(errorLine(error), 'wxpay: 400 PARAM_ERROR: 业务必填字段brand_id为空 (POST /v3/businesscircle/parkings, Request-ID R1) detail: {"field":"brand_id"}');
  });

  it("points a usage error at the command's help", () => {
    assert.equal(errorLine(new UsageError('Bad.')), 'wxpay: Bad. (see wxpay --help)');
    assert.equal(errorLine(new UsageError('Bad.', 'request')), 'wxpay: Bad. (see wxpay --help)');
    assert.equal(errorLine(new UsageError('Bad.', 'sandbox')), 'wxpay: Bad. (see wxpay sandbox --help)');
  });

  it('says which --var fills a placeholder', () => {
    assert.equal(errorLine(new TemplateError('v3/users/{openid}', 'needs openid', 'openid')), 'wxpay: The path v3/users/{openid} has the placeholder {openid}: fill it with --var openid=….');
    assert.equal(errorLine(new TemplateError('v3/{', 'Unclosed {')), 'wxpay: Unclosed {');
  });

  it('is one line, never a stack trace', () => {
    assert.equal(errorLine(new ConfigError('certs', 'first\n   second')), 'wxpay: first second');
    const bug = new TypeError('x is not a function');
    assert.equal(errorLine(bug), 'wxpay: unexpected error: x is not a function');
    assert.equal(errorLine('thrown string'), 'wxpay: unexpected error: thrown string');
  });
});
