import assert from 'node:assert/strict';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Builder, ClientError, decryptCertificates } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { publicKeyId } from '../../lib/sandbox/keys.js';
import { closing } from '../util/sandbox-client.js';

const pki = createTestPki();
let sandbox: Sandbox;
before(async () => {
  sandbox = await Sandbox.start({ pki, mode: 'certificate' });
});
after(() => sandbox.close());

/** The certificates `/v3/certificates` lists now, decrypted, fetched with signature checks off. */
async function listed(): Promise<string[]> {
  const { mchid, serial, privateKey, base_uri } = sandbox.clientConfig();
  return closing(Builder.factory({ mchid, serial, privateKey, base_uri, certs: { any: null } }), async (wxpay) => {
    const answer = await wxpay.v3.certificates.get({ verify_signature: false });
    return decryptCertificates(answer.json(), sandbox.apiv3Key).map((c) => c.serial);
  });
}

describe('Sandbox rotation', () => {
  it('rotate(): a new certificate from the sandbox CA signs from now on; both are listed until retired', async () => {
    const first = sandbox.platformSerial;
    assert.deepEqual(await listed(), [first]);
    const rotated = sandbox.rotation.rotate();
    assert.equal(sandbox.platformSerial, rotated.serial);
    assert.ok(new X509Certificate(rotated.cert).verify(createPublicKey(pki.ca.key)), 'issued by the sandbox CA');
    assert.deepEqual((await listed()).sort(), [first, rotated.serial].sort());
    const retired = sandbox.rotation.rotate({ retire: true });
    assert.deepEqual(await listed(), [retired.serial]);
  });

  it('answers are signed by the newest certificate, which verifies them', async () => {
    const { mchid, serial, privateKey, base_uri } = sandbox.clientConfig();
    const { current } = sandbox.rotation;
    await closing(Builder.factory({ mchid, serial, privateKey, base_uri, certs: { [current.serial]: current.cert } }), async (wxpay) => {
      const answer = await wxpay.v3.businesscircle.userAuthorizations._openid_.get({ openid: 'o1', query: { appid: 'wx1' } });
      assert.equal(answer.headers['wechatpay-serial'], current.serial);
    });
  });

  it("use('public-key'): answers name the PUB_KEY_ID_ and /v3/certificates answers 404; 'both' alternates", async () => {
    const keyId = publicKeyId(pki.platform.key);
    sandbox.rotation.use('public-key');
    try {
      assert.equal(sandbox.platformSerial, keyId);
      await assert.rejects(listed(), (error: unknown) => error instanceof ClientError && error.code === 'RESOURCE_NOT_EXISTS');
      sandbox.rotation.use('both');
      const turns = [sandbox.rotation.next().serial, sandbox.rotation.next().serial, sandbox.rotation.next().serial];
      assert.deepEqual(turns, [sandbox.rotation.current.serial, keyId, sandbox.rotation.current.serial]);
      assert.ok((await listed()).length > 0);
    } finally {
      sandbox.rotation.use('certificate');
    }
  });

  it('an unknown scheme is a TypeError', () => {
    assert.throws(() => sandbox.rotation.use('nope' as 'both'), TypeError);
  });
});
