/* eslint-disable @typescript-eslint/no-base-to-string -- Transformer.toArray(String(res.getBody())) is the PHP idiom under test */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AsyncResult, Transformer, V2ResponseError, type Chainable } from '../../lib/index.js';
import type { Sandbox } from '../../lib/sandbox/index.js';
import { closeSandboxClient, referenceSign, seed002, startSandboxClient } from '../helpers/v2.js';

let sandbox: Sandbox;
let wxpay: Chainable;

before(async () => ({ sandbox, wxpay } = await startSandboxClient()));
after(() => closeSandboxClient({ sandbox, wxpay }));

/** The answer body as PHP users read it. */
function parsed(body: unknown): Record<string, unknown> {
  return Transformer.toArray(String(body));
}

describe('seed 002 用户入场通知 (HMAC-SHA256) against the sandbox', () => {
  it('property chain, chain() + postAsync().then().wait(), bracket path: the same signed request, user_state NORMAL', async () => {
    sandbox.reset();
    const xml = seed002(sandbox.mchid);
    const res = await wxpay.v2.vehicle.pay.notification.post({ xml });
    assert.equal(Transformer.toArray(String(res.getBody())).user_state, 'NORMAL');
    const pending = wxpay.chain('v2/vehicle/pay/notification').postAsync({ xml }).then((r) => Transformer.toArray(String(r.getBody())));
    assert.ok(pending instanceof AsyncResult);
    const viaChain = await pending.wait();
    assert.equal(viaChain.user_state, 'NORMAL');
    const viaBracket = await wxpay['v2/vehicle/pay/notification'].post({ xml });
    assert.equal(parsed(viaBracket.getBody()).user_state, 'NORMAL');
    assert.equal(sandbox.requests.length, 3);
    for (const seen of sandbox.requests) {
      assert.equal(seen.method, 'POST');
      assert.equal(seen.target, '/vehicle/pay/notification');
      const fields = Transformer.toArray(seen.text) as Record<string, string>;
      assert.deepEqual(Object.keys(fields), [...Object.keys(xml), 'nonce_str', 'sign']);
      assert.equal(fields.sign, referenceSign(fields, sandbox.secret, 'HMAC-SHA256'));
    }
  });

  it('answers every field of the seed table, signed with the request sign type', async () => {
    const res = await wxpay.v2.vehicle.pay.notification.post({ xml: seed002(sandbox.mchid) });
    const body = parsed(res.getBody()) as Record<string, string>;
    assert.deepEqual(Object.keys(body), ['return_code', 'return_msg', 'appid', 'mch_id', 'nonce_str', 'result_code', 'user_state', 'deduct_mode', 'sign']);
    assert.equal(body.return_code, 'SUCCESS');
    assert.equal(body.result_code, 'SUCCESS');
    assert.equal(body.appid, 'wxcbda96de0b165486');
    assert.equal(body.mch_id, sandbox.mchid);
    assert.equal(body.deduct_mode, 'PROACTIVE');
    assert.equal(body.sign, referenceSign(body, sandbox.secret, 'HMAC-SHA256'));
  });

  it('follows sandbox.state: BLOCK and AUTOPAY', async () => {
    sandbox.state.userState = 'BLOCK';
    sandbox.state.deductMode = 'AUTOPAY';
    try {
      const body = parsed((await wxpay.v2.vehicle.pay.notification.post({ xml: seed002(sandbox.mchid) })).getBody());
      assert.equal(body.user_state, 'BLOCK');
      assert.equal(body.deduct_mode, 'AUTOPAY');
    } finally {
      sandbox.state.userState = 'NORMAL';
      sandbox.state.deductMode = 'PROACTIVE';
    }
  });

  it('PARKING SPACE needs openid and space_number in scene_info; a business error is a V2ResponseError', async () => {
    const space = { ...seed002(sandbox.mchid), trade_scene: 'PARKING SPACE' };
    await assert.rejects(wxpay.v2.vehicle.pay.notification.post({ xml: space }), (e: unknown) => e instanceof V2ResponseError && e.errCode === 'PARAM_ERROR' && e.errCodeDes === '业务必填字段openid为空');
    const sceneInfo = JSON.stringify({ scene_info: { start_time: '20170926114339', free_time: '1200', car_type: '小型车', parking_name: '欢乐海岸', openid: 'oUpF8uMuAJOM2pxb1Q', space_number: 'B-12' } });
    const res = await wxpay.v2.vehicle.pay.notification.post({ xml: { ...space, scene_info: sceneInfo } });
    assert.equal(parsed(res.getBody()).user_state, 'NORMAL');
  });

  it("accepts seed 002's own example as written: plate number CB1000sdfasd (APIv2 bounds only its length), car_type optional", async () => {
    const scene = { start_time: '20170926114339', plate_number: 'CB1000sdfasd', free_time: '1200', car_type: '大型车', parking_name: '欢乐海岸停车场' };
    const seed: Record<string, string> = { ...seed002(sandbox.mchid), scene_info: '{"scene_info":{"start_time":"20170926114339","plate_number":"CB1000sdfasd","free_time":"1200","car_type":"大型车","parking_name":"欢乐海岸停车场"}}' };
    assert.deepEqual(JSON.parse(seed.scene_info).scene_info, scene);
    assert.equal(parsed((await wxpay.v2.vehicle.pay.notification.post({ xml: seed })).getBody()).result_code, 'SUCCESS');
    const withoutCarType: Record<string, string> = { ...scene };
    delete withoutCarType.car_type;
    const res = await wxpay.v2.vehicle.pay.notification.post({ xml: { ...seed, scene_info: JSON.stringify({ scene_info: withoutCarType }) } });
    assert.equal(parsed(res.getBody()).user_state, 'NORMAL');
    const byPlate = parsed((await wxpay.v2.vehicle.pay.querystate.post({ xml: { appid: seed.appid, mch_id: sandbox.mchid, trade_scene: 'PARKING', plate_number: 'CB1000sdfasd' } })).getBody());
    assert.equal(byPlate.plate_number, 'CB1000sdfasd');
  });

  it('the sandbox enforces the seed rules: trade_scene, scene_info JSON, plate_number, start_time', async () => {
    const xml = seed002(sandbox.mchid);
    const cases: [Record<string, string>, string][] = [
      [{ trade_scene: 'GARAGE' }, 'trade_scene取值有误，可选取值：PARKING、PARKING SPACE'],
      [{ scene_info: 'not json' }, 'scene_info格式有误'],
      [{ scene_info: `{"scene_info":{"start_time":"20170926114339","plate_number":"${'A'.repeat(33)}","free_time":"1200","parking_name":"x"}}` }, 'plate_number长度应为1到32个字符'],
      [{ scene_info: '{"scene_info":{"start_time":"20170926114339","free_time":"1200","parking_name":"x"}}' }, '业务必填字段plate_number为空'],
      [{ scene_info: '{"scene_info":{"start_time":"2017-09-26","plate_number":"粤B888888","free_time":"1200","car_type":"大型车","parking_name":"x"}}' }, 'start_time格式有误'],
      [{ version: '' }, '业务必填字段version为空'],
    ];
    for (const [change, description] of cases) {
      await assert.rejects(wxpay.v2.vehicle.pay.notification.post({ xml: { ...xml, ...change } }), (e: unknown) => e instanceof V2ResponseError && e.errCodeDes === description, description);
    }
  });
});

describe('查询用户状态 /vehicle/pay/querystate', () => {
  it('by openid or by plate number, MD5 or HMAC-SHA256', async () => {
    const base = { appid: 'wxcbda96de0b165486', mch_id: sandbox.mchid, trade_scene: 'PARKING' };
    const byOpenid = parsed((await wxpay.v2.vehicle.pay.querystate.post({ xml: { ...base, openid: 'oUpF8uMuAJOM2pxb1Q' } })).getBody());
    assert.equal(byOpenid.openid, 'oUpF8uMuAJOM2pxb1Q');
    assert.equal(byOpenid.user_state, 'NORMAL');
    assert.equal((byOpenid.sign as string).length, 32);
    const byPlate = parsed((await wxpay.v2.vehicle.pay.querystate.post({ xml: { ...base, sign_type: 'HMAC-SHA256', plate_number: '粤B888888' } })).getBody());
    assert.equal(byPlate.plate_number, '粤B888888');
    assert.equal((byPlate.sign as string).length, 64);
    await assert.rejects(wxpay.v2.vehicle.pay.querystate.post({ xml: base }), (e: unknown) => e instanceof V2ResponseError && e.errCodeDes === '业务必填字段openid或plate_number为空');
  });
});
