import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
/* eslint-disable @typescript-eslint/no-base-to-string -- nodes stringify to their path */
import { normalizeSegment } from '../../lib/index.js';
import { recordingRoot } from '../helpers/recording-driver.js';

describe('segment normalisation (php-sdk.md §3.3, every row of T1)', () => {
  const { root } = recordingRoot();
  const rows: [string, () => unknown, string][] = [
    ['->v3->merchantService->ComplaintsV2', () => root.v3.merchantService.ComplaintsV2, 'v3/merchant-service/complaints-v2'],
    ["->chain('v3/merchantService/complaintsV2')", () => root.chain('v3/merchantService/complaintsV2'), 'v3/merchant-service/complaints-v2'],
    ['->V3->Pay', () => root.V3.Pay, 'v3/pay'],
    ['->outTradeNo->_out_trade_no_', () => root.outTradeNo._out_trade_no_, 'out-trade-no/{out_trade_no}'],
    ['->_openId_', () => root._openId_, '{open-id}'],
    ["->{'{openid}'}", () => root['{openid}'], '{openid}'],
    ["->chain('{+myurl}')", () => root.chain('{+myurl}'), '{+myurl}'],
    ["['v3/applyment4sub/applyment/'] keeps the trailing slash", () => root['v3/applyment4sub/applyment/'], 'v3/applyment4sub/applyment/'],
    ['->__ (two underscores)', () => root.__, '{}'],
    ['->_ (one underscore)', () => root._, '_'],
    ["->chain('')", () => root.chain(''), ''],
    ["->chain('/v3/abs')", () => root.chain('/v3/abs'), '/v3/abs'],
    ["->chain('https://api2.mch.weixin.qq.com/v3/full')", () => root.chain('https://api2.mch.weixin.qq.com/v3/full'), 'https://api2.mch.weixin.qq.com/v3/full'],
    ["->chain('v3/x/out-trade-no/SXBwj') corrupts a literal ID (wechatpay-php#114)", () => root.chain('v3/x/out-trade-no/SXBwj'), 'v3/x/out-trade-no/-s-x-bwj'],
    ["->v3->combineTransactions->{'{combine_out_trade_no}'}", () => root.v3.combineTransactions['{combine_out_trade_no}'], 'v3/combine-transactions/{combine_out_trade_no}'],
    [
      "->v3->marketing->busifavor->users['{openid}']->coupons->{'{coupon_code}'}->appids->_appid_",
      () => root.v3.marketing.busifavor.users['{openid}'].coupons['{coupon_code}'].appids._appid_,
      'v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid}',
    ],
    ['snake_case is kept', () => root.v3.businesscircle.users['{openid}'].points.commit_status, 'v3/businesscircle/users/{openid}/points/commit_status'],
    ["['v2/pay/micropay']", () => root['v2/pay/micropay'], 'v2/pay/micropay'],
  ];
  for (const [name, access, path] of rows) {
    it(`${name} → ${path}`, () => {
      assert.equal(String(access()), path);
    });
  }

  it('runs the rules in PHP order: capitals are hyphenated before the placeholder rule', () => {
    assert.equal(normalizeSegment('_outTradeNo_'), '{out-trade-no}');
    assert.equal(normalizeSegment('Abc'), 'abc');
    assert.equal(normalizeSegment('ABC'), 'a-b-c');
    assert.equal(normalizeSegment('_a_b_'), '{a_b}');
  });

  it('never leaves _x_ or a capital in the example path', () => {
    const path = String(root.v3.marketing.busifavor.users['{openid}'].coupons['{coupon_code}'].appids._appid_);
    assert.doesNotMatch(path, /_appid_|[A-Z]/);
  });
});
