import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Builder, ConfigError, LEGACY_PKCS12_CONVERSION, Transformer, type ClientConfig } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { CertificateFiles, hasOpenssl, refundOf } from '../helpers/v2.js';
import { untyped } from '../helpers/untyped.js';

const OPENSSL_MISSING = hasOpenssl ? false : 'the openssl command line tool is not installed: it is needed to build a legacy PKCS#12 file';
const pki = createTestPki();
const MCHID = '1900000100';
const SECRET = 'a'.repeat(32);
let files: CertificateFiles;

before(() => {
  files = new CertificateFiles(pki.merchant.cert, pki.merchant.keyPem);
});
after(() => files.remove());

/** Builds an APIv2-only client and expects a ConfigError on `setting` whose message matches, showing no key material. */
function refused(config: Partial<ClientConfig>, setting: string, message: RegExp): ConfigError {
  let caught: unknown;
  assert.throws(
    () => Builder.factory({ mchid: MCHID, secret: SECRET, ...config }),
    (error: unknown) => {
      caught = error;
      return error instanceof ConfigError && error.setting === setting && message.test(error.message);
    },
  );
  const printed = `${(caught as Error).message} ${inspect(caught)}`;
  assert.doesNotMatch(printed, /PRIVATE KEY|BEGIN CERTIFICATE|MII/);
  return caught as ConfigError;
}

describe('secret: the 32-byte APIv2 key', () => {
  it('must be exactly 32 bytes; the error tells the length found and never shows the key', () => {
    for (const [secret, found] of [
      ['', '0 bytes'],
      ['s3cr3t'.repeat(5), '30 bytes'],
      ['k'.repeat(33), '33 bytes'],
      ['密'.repeat(32), '96 bytes'],
    ] as const) {
      const error = refused({ secret }, 'secret', new RegExp(`exactly 32 bytes, not ${found}\\.`));
      if (secret !== '') assert.equal(error.message.includes(secret), false);
    }
    refused({ secret: 12345 as unknown as string }, 'secret', /not a number/);
  });

  it('counts bytes, not characters: 16 two-byte characters are a valid key', () => {
    assert.doesNotThrow(() => Builder.factory({ mchid: MCHID, secret: 'é'.repeat(16) }));
  });
});

describe('merchant: the API client certificate, loaded once at factory time', () => {
  it('takes cert + key, or pfx, in a usable shape', () => {
    refused({ merchant: 'file:///apiclient_cert.pem' as unknown as ClientConfig['merchant'] }, 'merchant', /`\{ cert, key \}`/);
    refused({ merchant: { cert: pki.merchant.cert } }, 'merchant', /Both `cert` and `key` are needed/);
    refused({ merchant: { pfx: Buffer.from('x'), cert: pki.merchant.cert } }, 'merchant', /not both/);
    refused({ merchant: { pfx: 12 as unknown as string } }, 'merchant.pfx', /a Buffer, or a path \(absolute, relative to the working directory, or file:\/\/\)/);
    refused({ merchant: { cert: 1 as unknown as string, key: pki.merchant.keyPem } }, 'merchant.cert', /PEM text, a Buffer, a path \(absolute, relative to the working directory, or file:\/\/\), or \[path, passphrase\]/);
    refused({ merchant: { cert: pki.merchant.cert, key: pki.merchant.keyPem, passphrase: 1 as unknown as string } }, 'merchant', /passphrase/);
  });

  it('an unreadable file is named', () => {
    refused({ merchant: { cert: 'file:///nonexistent/apiclient_cert.pem', key: pki.merchant.keyPem } }, 'merchant.cert', /^`merchant\.cert`: the file \/nonexistent\/apiclient_cert\.pem does not exist\.$/);
  });

  it('a key that is not the certificate\'s, and data that is not PEM, are refused at once', () => {
    const other = createTestPki();
    refused({ merchant: { cert: pki.merchant.cert, key: other.merchant.keyPem } }, 'merchant', /`merchant\.key` is not the private key of the certificate `merchant\.cert`/);
    refused({ merchant: { cert: Buffer.from('not a certificate'), key: pki.merchant.keyPem } }, 'merchant.cert', /^`merchant\.cert` holds no X\.509 certificate/);
    refused({ merchant: { cert: pki.merchant.cert, key: Buffer.from('not a key') } }, 'merchant.key', /^`merchant\.key` holds no PEM private key/);
  });

  it('a pfx whose passphrase is wrong, or missing and not the mchid', { skip: OPENSSL_MISSING }, () => {
    const pfx = readFileSync(files.pkcs12('wrong.p12', 'right'));
    refused({ merchant: { pfx, passphrase: 'wrong' } }, 'merchant', /^`merchant\.passphrase` does not open `merchant\.pfx`\.$/);
    refused({ merchant: { pfx } }, 'merchant', /No `passphrase` was given, so the mchid \(WeChat Pay's default\) was tried\./);
  });
});

describe('a legacy RC2-40 .p12 (older WeChat Pay downloads), which OpenSSL 3 cannot read', () => {
  it('is refused with the conversion command; the converted PEM then works as both cert and key', { skip: OPENSSL_MISSING }, async () => {
    const legacy = files.pkcs12('apiclient_cert.p12', MCHID, true);
    const error = refused({ merchant: { pfx: files.url(legacy) } }, 'merchant', /legacy PKCS#12 file \(RC2-40/);
    assert.ok(error.message.includes(`Convert it once: \`${LEGACY_PKCS12_CONVERSION}\``));
    assert.equal(LEGACY_PKCS12_CONVERSION, 'openssl pkcs12 -in apiclient_cert.p12 -legacy -nodes -out apiclient.pem');
    assert.match((error.cause as Error).message, /Unsupported PKCS12 PFX data/);
    // follow the advice, then use the result against the HTTPS sandbox
    files.openssl('pkcs12', '-in', 'apiclient_cert.p12', '-legacy', '-nodes', '-out', 'apiclient.pem', '-passin', `pass:${MCHID}`);
    const pem = files.url(`${files.dir}/apiclient.pem`);
    const sandbox = await Sandbox.start({ pki });
    const wxpay = untyped(Builder.factory({ ...sandbox.httpsClientConfig(), merchant: { cert: pem, key: pem } }));
    try {
      const res = await wxpay.v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true });
      assert.equal(Transformer.toArray(res.text()).result_code, 'SUCCESS');
    } finally {
      await wxpay.getDriver().close();
      await sandbox.close();
    }
  });
});
