import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Builder, type Root } from '../../lib/index.js';
import { Sandbox } from '../../lib/sandbox/index.js';

// What a user (or a generated package) writes to type some paths, exactly as documented in docs/chain.md,
// against the package entry. The rest of the chain stays dynamic.
declare module '../../lib/index.js' {
  interface Endpoints {
    'v3/vehicle/parking/services/find': {
      get: {
        options: { query: { appid: string; sub_mchid: string; plate_number: string; plate_color: string; openid: string } };
        response: { plate_number: string; service_state: 'NORMAL' | 'PAUSE' | 'OUT_SERVICE' };
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

const query = { appid: 'wxcbda96de0b165486', sub_mchid: '1900000109', plate_number: '粤B888888', plate_color: 'BLUE', openid: 'o1' };

describe('typed endpoints by declaration merging (checked by tsc, run against the sandbox)', () => {
  it('a typed path has typed options and a typed answer, through chain() and brackets', async () => {
    const res = await wxpay.chain('v3/vehicle/parking/services/find').get({ query });
    const state: 'NORMAL' | 'PAUSE' | 'OUT_SERVICE' = res.json().service_state;
    assert.equal(state, 'NORMAL');
    const viaBracket = await wxpay['v3/vehicle/parking/services/find'].get({ query });
    assert.equal(viaBracket.json().plate_number, '粤B888888');
    // @ts-expect-error the typed options require `query`
    await assert.rejects(wxpay.chain('v3/vehicle/parking/services/find').get({}));
  });

  it('every other path stays dynamic', async () => {
    const res = await wxpay.v3.marketing.busifavor.callbacks.post({ json: { notify_url: 'https://example.com/notify' } });
    const body: unknown = res.json();
    assert.equal(typeof body, 'object');
    const node = wxpay.v3.some.endpoint.added.tomorrow;
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a node stringifies to its path
    assert.equal(String(node), 'v3/some/endpoint/added/tomorrow');
  });
});
