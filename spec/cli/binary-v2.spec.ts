// `wxpay v2/… --xml k=v`: APIv2 through the SDK's XML pipeline, the built binary against a sandbox in this process.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { noStack, scratch, writeSandboxConfig, wxpay } from './helpers.js';

const dir = scratch('v2');
let sandbox: Sandbox;
let config: string;

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  config = writeSandboxConfig(sandbox, dir);
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

const scene = JSON.stringify({ scene_info: { start_time: '20170926114339', plate_number: '粤B888888', free_time: '1200', car_type: '大型车', parking_name: '欢乐海岸停车场' } });

/** Seed 002 (用户入场通知) as --xml flags. */
function notification(signType = 'HMAC-SHA256', mchid = sandbox.mchid): string[] {
  const fields = { appid: 'wxcbda96de0b165486', mch_id: mchid, sign_type: signType, version: '3.0', trade_scene: 'PARKING', scene_info: scene };
  return ['v2/vehicle/pay/notification', ...Object.entries(fields).flatMap(([name, value]) => ['--xml', `${name}=${value}`])];
}

function call(args: string[]) {
  return wxpay(['--config', config, ...args], { cwd: dir });
}

describe('wxpay v2/… --xml', () => {
  it('signs, sends XML, verifies the answer and prints it as JSON', async () => {
    for (const signType of ['HMAC-SHA256', 'MD5']) {
      const run = await call(notification(signType));
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.match(run.stdout, /^\{[^\n]+\}\n$/);
      const answer = JSON.parse(run.stdout);
      assert.equal(answer.return_code, 'SUCCESS');
      assert.equal(answer.user_state, 'NORMAL');
      const sent = sandbox.lastRequest()!;
      assert.equal(sent.method, 'POST');
      assert.match(sent.text, /^<xml>.*<sign>[0-9A-F]+<\/sign><\/xml>$/s);
    }
  });

  it('-v shows the XML as sent with its sign redacted', async () => {
    const run = await call([...notification(), '-v']);
    assert.equal(run.code, 0, run.stderr);
    const sign = /<sign>([^<]+)<\/sign>/.exec(sandbox.lastRequest()!.text)![1];
    assert.ok(!run.stderr.includes(sign), 'the real sign never appears');
    assert.ok(!run.stderr.includes(sandbox.secret));
    assert.match(run.stderr, /^> POST \/vehicle\/pay\/notification HTTP\/1\.1$/m);
    assert.match(run.stderr, /<sign>\[REDACTED\]<\/sign><\/xml>$/m);
  });

  it('a FAIL answer: exit 1, its codes on stderr', async () => {
    sandbox.fault('v2-result-fail');
    const run = await call(notification());
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^wxpay: FAIL SYSTEMERROR: 系统繁忙 \(POST \/vehicle\/pay\/notification\)\n$/);
  });

  it('an answer with a bad sign: exit 3', async () => {
    sandbox.fault('bad-signature');
    const run = await call(notification());
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /^wxpay: [^\n]*cannot be trusted[^\n]*\n$/);
    assert.ok(noStack(run.stderr));
  });

  it('data that cannot be signed: exit 2, nothing sent', async () => {
    const run = await call(notification('HMAC-SHA256', '1234567890'));
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /mch_id/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('an APIv2 call without the APIv2 key: exit 2, saying where to set it', async () => {
    const run = await wxpay([...notification(), '--mchid', sandbox.mchid, '--base-uri', sandbox.url], { cwd: scratch('v2-none') });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'wxpay: secret: APIv2 paths (v2/…) need the APIv2 key: set "secret" in the configuration file, or WECHATPAY_SECRET.\n');
  });
});
