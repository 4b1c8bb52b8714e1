import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MODULE_MODES, ROOT, STRICT, consumerProject, typecheck } from '../helpers/consumer.js';

// A user's file against the built package (`npm run build` first; `npm test` builds before the unit tests), under
// `strict`, `noUncheckedIndexedAccess` and `exactOptionalPropertyTypes`, for each module system.
const source = `import { Builder, type Chainable } from 'wechatpay-ts';

const wxpay = Builder.factory({ mchid: '1230000109', serial: 'S', privateKey: 'K', certs: { PUB_KEY_ID_1: 'P' } });
const order = { appid: 'wxd678efh567hg6787', mchid: '1230000109', description: 'd', out_trade_no: 'o1', notify_url: 'https://example.com/n', amount: { total: 100 } };

export async function calls(): Promise<unknown[]> {
  const res = await wxpay.v3.pay.transactions.native.post({ json: order, headers: { 'Wechatpay-Serial': 'PUB_KEY_ID_1' } });
  const url: string = res.json().code_url;
  const query = await wxpay.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: 'o1', query: { mchid: '1230000109' } });
  const byChain = await wxpay.chain('v3/pay/transactions/out-trade-no/{out_trade_no}').getAsync({ out_trade_no: 'o1', query: { mchid: '1230000109' } }).wait();
  const byBracket = await wxpay['v3/pay/transactions/native'].post({ json: order, headers: { 'Wechatpay-Serial': 'PUB_KEY_ID_1' } });
  const v2 = await wxpay.v2.vehicle.pay.querystate.post({ xml: { appid: 'a', mch_id: '1230000109', sign_type: 'HMAC-SHA256', trade_scene: 'PARKING', openid: 'o', plate_number: 'p', version: '3.0' } });
  const dynamic: Chainable = wxpay.chain('v3/something-new/ships-tomorrow');
  // @ts-expect-error a misspelled option
  await wxpay.v3.businesscircle.parkings.post({ jsno: {} });
  // @ts-expect-error an optional field set to undefined (exactOptionalPropertyTypes)
  await wxpay.v3.pay.transactions.native.post({ json: { ...order, attach: undefined }, headers: { 'Wechatpay-Serial': 'PUB_KEY_ID_1' } });
  return [url, query.json().trade_state, byChain.json().trade_state, byBracket.json().code_url, v2.toArray().return_code, await dynamic.post({ json: {} })];
}
`;

describe('a user project typechecks against the built package', () => {
  for (const [mode, options] of Object.entries(MODULE_MODES)) {
    it(`module ${mode}, strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes`, () => {
      assert.ok(existsSync(join(ROOT, 'dist', 'index.d.ts')), 'dist/ is built (npm run build)');
      const dir = consumerProject(join(ROOT, 'bench', '.scratch', 'consumer', mode), ROOT, source, { ...options, ...STRICT });
      const result = typecheck(dir);
      assert.deepEqual(result.errors, []);
      assert.equal(result.status, 0);
    });
  }
});
