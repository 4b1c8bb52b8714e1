import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { banner, parsePort } from '../../lib/cli/commands/sandbox.js';
import { sandboxFiles } from '../../lib/cli/sandbox-files.js';
import { shellQuote } from '../../lib/cli/shell-quote.js';
import { UsageError } from '../../lib/cli/usage-error.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';

const pki = createTestPki();
let keyMode: Sandbox;
let certMode: Sandbox;
before(async () => {
  keyMode = await Sandbox.start({ pki });
  certMode = await Sandbox.start({ pki, mode: 'certificate' });
});
after(async () => {
  await keyMode.close();
  await certMode.close();
});

describe('cli: the files of wxpay sandbox', () => {
  it('are the merchant key, the WeChat Pay public key and wxpay.json pointing at them', () => {
    const files = sandboxFiles(keyMode);
    const [key, platform] = files;
    const config = files.at(-1)!;
    assert.deepEqual(key, { name: 'apiclient_key.pem', content: pki.merchant.keyPem });
    assert.equal(platform.name, 'pub_key.pem');
    assert.ok(createPublicKey(platform.content).equals(createPublicKey(pki.platform.key)));
    assert.equal(config.name, 'wxpay.json');
    assert.deepEqual(JSON.parse(config.content), {
      mchid: keyMode.mchid,
      serial: keyMode.merchantSerial,
      privateKey: 'apiclient_key.pem',
      certs: { [keyMode.platformSerial]: 'pub_key.pem' },
      secret: keyMode.secret,
      apiv3Key: keyMode.apiv3Key,
      base_uri: keyMode.url,
    });
    assert.match(keyMode.platformSerial, /^PUB_KEY_ID_\d{28}$/);
  });

  it("hold the sandbox's own keys for wxpay notify, what other languages need (certificate, CA, keys, addresses), wxpay.json last", () => {
    const files = sandboxFiles(keyMode);
    const names = ['apiclient_key.pem', 'pub_key.pem', 'platform_key.pem', 'apiclient_cert.pem', 'sandbox_ca.pem', 'apiv3_key.txt', 'apiv2_key.txt', 'sandbox.json', 'wxpay.json'];
    assert.deepEqual(files.map(({ name }) => name), names);
    const [, , platformKey, cert, ca, apiv3, apiv2, secrets] = files;
    assert.equal(platformKey.content, pki.platform.keyPem);
    assert.equal(cert.content, pki.merchant.cert);
    assert.equal(ca.content, pki.ca.cert);
    assert.equal(apiv3.content, keyMode.apiv3Key);
    assert.equal(apiv2.content, keyMode.secret);
    assert.deepEqual(JSON.parse(secrets.content), {
      mchid: keyMode.mchid,
      platformSerial: keyMode.platformSerial,
      platformKey: 'platform_key.pem',
      apiv3Key: keyMode.apiv3Key,
      secret: keyMode.secret,
      serial: keyMode.merchantSerial,
      files: { privateKey: 'apiclient_key.pem', merchantCert: 'apiclient_cert.pem', platform: 'pub_key.pem', ca: 'sandbox_ca.pem' },
      url: keyMode.url,
      httpsUrl: keyMode.httpsUrl,
      controlUrl: keyMode.controlUrl,
    });
  });

  it('hold the platform certificate, named as wxpay crt would, in certificate mode', () => {
    const files = sandboxFiles(certMode);
    const [, platform] = files;
    const config = files.at(-1)!;
    assert.deepEqual(platform, { name: `wechatpay_${certMode.platformSerial}.pem`, content: pki.platform.cert });
    assert.deepEqual(JSON.parse(config.content).certs, { [certMode.platformSerial]: platform.name });
  });
});

describe('cli: wxpay sandbox helpers', () => {
  it('quotes for the shell only what needs it', () => {
    assert.equal(shellQuote('/tmp/wxpay-sandbox-x/wxpay.json'), '/tmp/wxpay-sandbox-x/wxpay.json');
    assert.equal(shellQuote('plate_number=粤B888888'), 'plate_number=粤B888888');
    assert.equal(shellQuote('/tmp/my folder/wxpay.json'), "'/tmp/my folder/wxpay.json'");
    assert.equal(shellQuote("it's"), "'it'\\''s'");
  });

  it('prints the URLs (HTTP, HTTPS, control API), the config path and a call to paste', () => {
    const urls = { url: 'http://127.0.0.1:8080/', httpsUrl: 'https://127.0.0.1:8443/', controlUrl: 'http://127.0.0.1:8080/__sandbox/' };
    const text = banner({ ...urls, mchid: '1900000100', mode: 'public-key' }, '/tmp/my sandbox/wxpay.json');
    assert.equal(
      text,
      [
        'wxpay sandbox: http://127.0.0.1:8080/ (mchid 1900000100, public-key mode)',
        'https: https://127.0.0.1:8443/ (mutual TLS; trust /tmp/my sandbox/sandbox_ca.pem)',
        'control: http://127.0.0.1:8080/__sandbox/',
        'config: /tmp/my sandbox/wxpay.json',
        "try: wxpay --config '/tmp/my sandbox/wxpay.json' v3/vehicle/parking/services/find -q appid=wx931386123456789e -q sub_mchid=1900000109 -q plate_number=粤B888888 -q plate_color=BLUE -q openid=oUpF8uMuAJOM2pxb1Q",
        'Ctrl+C stops it.',
        '',
      ].join('\n'),
    );
  });

  it('reads --port as 0 to 65535', () => {
    assert.equal(parsePort(undefined), 0);
    assert.equal(parsePort('8080'), 8080);
    for (const bad of ['-1', '65536', '80.5', 'http', '']) {
      assert.throws(() => parsePort(bad), (e: unknown) => e instanceof UsageError && e.command === 'sandbox' && /--port takes a port number/.test(e.message));
    }
  });
});
