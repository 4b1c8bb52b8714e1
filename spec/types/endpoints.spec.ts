import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Builder, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';
import { recordingRoot } from '../helpers/recording-driver.js';

// What a user (or `wxpay typegen`) writes to type a path the catalogue lacks, exactly as documented in
// docs/types.md, against the package entry. The rest of the chain stays dynamic.
declare module '../../lib/index.js' {
  interface Endpoints {
    'v3/my-shop/orders/{order_id}': {
      get: {
        options: { order_id: string; query: { mchid: string } };
        response: { order_id: string; state: 'OPEN' | 'CLOSED' };
      };
    };
  }
}

let sandbox: Sandbox;
let wxpay: Root;
before(async () => {
  sandbox = await Sandbox.start();
  wxpay = Builder.factory(sandbox.clientConfig());
});
after(() => sandbox.close());

const query = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' } as const;

describe('typed endpoints (checked by tsc, run against the sandbox)', () => {
  it('a catalogue path has typed options and a typed answer: property chain, chain() and brackets alike', async () => {
    const res = await wxpay.v3.vehicle.parking.services.find.get({ query });
    const state: 'NORMAL' | 'PAUSE' | 'OUT_SERVICE' = res.json().service_state;
    assert.equal(state, 'NORMAL');
    const viaChain = await wxpay.chain('v3/vehicle/parking/services/find').get({ query });
    assert.equal(viaChain.json().plate_number, '粤B888888');
    const viaBracket = await wxpay['v3/vehicle/parking/services/find'].getAsync({ query }).wait();
    assert.equal(viaBracket.json().openid, 'o1');
    // @ts-expect-error the typed options require `query`
    await assert.rejects(wxpay.chain('v3/vehicle/parking/services/find').get({}));
  });

  it('a path merged into Endpoints is typed on the property chain, chain() and brackets', async () => {
    const { root, driver } = recordingRoot();
    await root.v3.myShop.orders._order_id_.get({ order_id: 'A1', query: { mchid: '1900000109' } });
    await root.v3.myShop.orders['{order_id}'].get({ order_id: 'A2', query: { mchid: '1900000109' } });
    await root.chain('v3/my-shop/orders/{order_id}').get({ order_id: 'A3', query: { mchid: '1900000109' } });
    const res = await root['v3/my-shop/orders/{order_id}'].get({ order_id: 'A4', query: { mchid: '1900000109' } });
    // The recording driver answers 204 with no body: the typed answer is still the declared one.
    const answer: { order_id: string; state: 'OPEN' | 'CLOSED' } | undefined = res.json();
    assert.equal(answer, undefined);
    // @ts-expect-error the merged path requires its path variable
    await root.v3.myShop.orders._order_id_.get({ query: { mchid: '1900000109' } }).catch(() => undefined);
    assert.deepEqual(driver.calls.map((call) => [call.method, call.uri, call.options.order_id]), [
      ['GET', 'v3/my-shop/orders/{order_id}', 'A1'],
      ['GET', 'v3/my-shop/orders/{order_id}', 'A2'],
      ['GET', 'v3/my-shop/orders/{order_id}', 'A3'],
      ['GET', 'v3/my-shop/orders/{order_id}', 'A4'],
      ['GET', 'v3/my-shop/orders/{order_id}', undefined],
    ]);
  });

  it('every other path stays dynamic', async () => {
    const res = await wxpay.chain('v3/marketing/busifavor/callbacks' as string).post({ json: { notify_url: 'https://example.com/notify' } });
    const body: unknown = res.json();
    assert.equal(typeof body, 'object');
    const node = wxpay.v3.some.endpoint.added.tomorrow;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a node stringifies to its path
    assert.equal(String(node), 'v3/some/endpoint/added/tomorrow');
  });
});
