import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isApiV2, toApiPath } from '../../lib/cli/path.js';
import { UsageError } from '../../lib/cli/usage-error.js';

describe('cli: the path argument', () => {
  it('keeps the slash form as written', () => {
    assert.equal(toApiPath('v3/businesscircle/parkings'), 'v3/businesscircle/parkings');
    assert.equal(toApiPath('v2/vehicle/pay/notification'), 'v2/vehicle/pay/notification');
    assert.equal(toApiPath('v3/ecommerce/applyments/out-request-no/APPLY_2023'), 'v3/ecommerce/applyments/out-request-no/APPLY_2023', 'no case conversion');
  });

  it('splits the dot form into segments', () => {
    assert.equal(toApiPath('v3.vehicle.parking.services.find'), 'v3/vehicle/parking/services/find');
    assert.equal(toApiPath('v3.ecommerce.applyments.2000004250058765'), 'v3/ecommerce/applyments/2000004250058765');
  });

  it('keeps {…} placeholders intact, dots inside them included', () => {
    assert.equal(toApiPath('v3.businesscircle.user-authorizations.{openid}'), 'v3/businesscircle/user-authorizations/{openid}');
    assert.equal(toApiPath('v3.a.{x.y}.b'), 'v3/a/{x.y}/b');
    assert.equal(toApiPath('v3.refund.domestic.refunds{?sub_mchid,limit}'), 'v3/refund/domestic/refunds{?sub_mchid,limit}');
  });

  it('keeps dots in the slash form', () => {
    assert.equal(toApiPath('v3/files/report.pdf'), 'v3/files/report.pdf');
  });

  it('drops leading and trailing slashes', () => {
    assert.equal(toApiPath('/v3/businesscircle/parkings/'), 'v3/businesscircle/parkings');
    assert.equal(toApiPath('v3.businesscircle.parkings/'), 'v3/businesscircle/parkings');
  });

  it('refuses a URL, a single word and empty segments', () => {
    assert.throws(() => toApiPath('https://api.mch.weixin.qq.com/v3/certificates'), (e: unknown) => e instanceof UsageError && /not a URL/.test(e.message) && /--base-uri/.test(e.message));
    assert.throws(() => toApiPath('sandobx'), (e: unknown) => e instanceof UsageError && /Unknown command or path "sandobx"/.test(e.message));
    assert.throws(() => toApiPath('v3..x'), (e: unknown) => e instanceof UsageError && /empty segment/.test(e.message));
    assert.throws(() => toApiPath('v3//x'), UsageError);
    assert.throws(() => toApiPath(''), UsageError);
  });

  it('routes v2/ paths (any case) to APIv2, as the SDK does', () => {
    assert.equal(isApiV2('v2/pay/micropay'), true);
    assert.equal(isApiV2('V2/pay/micropay'), true);
    assert.equal(isApiV2('v3/pay/transactions/native'), false);
    assert.equal(isApiV2('v2x/pay'), false);
  });
});
