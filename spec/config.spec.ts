import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { Builder, ConfigError, type ClientConfig } from '../lib/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const valid: ClientConfig = { mchid: '1900000100', serial: 'MCH123SERIAL', privateKey: pem, certs: { PUB_KEY_ID_0114232134912410000000000001: publicKey } };

function configError(setting: string, message: RegExp) {
  return (error: unknown) => error instanceof ConfigError && error.setting === setting && message.test(error.message);
}

describe('Builder.factory validates synchronously, in PHP order, with PHP messages (§5.2)', () => {
  it('1. mchid is required and must be a string', () => {
    for (const mchid of [undefined, '']) {
      assert.throws(() => Builder.factory({ ...valid, mchid } as unknown as ClientConfig), configError('mchid', /The merchant' ID aka `mchid` is required, usually numerical\./));
    }
    // a number was given: the message says what is wrong with it, not that it is missing
    assert.throws(() => Builder.factory({ ...valid, mchid: 1900000100 } as unknown as ClientConfig), configError('mchid', /^`mchid` must be a string: give '1900000100' \(in quotes\), not the number 1900000100\.$/));
  });

  it('2. serial is required', () => {
    assert.throws(() => Builder.factory({ ...valid, serial: undefined }), configError('serial', /`serial` is required, usually hexadecial\./));
  });

  it('2. serial is trimmed (a pasted newline is harmless) but inner whitespace is refused', () => {
    assert.doesNotThrow(() => Builder.factory({ ...valid, serial: 'MCH123SERIAL\n' }));
    assert.throws(() => Builder.factory({ ...valid, serial: 'MCH 123' }), configError('serial', /whitespace/));
  });

  it('3. privateKey is required and must load', () => {
    assert.throws(() => Builder.factory({ ...valid, privateKey: undefined }), configError('privateKey', /`privateKey` is required, usual as pem format\.$/));
    assert.throws(() => Builder.factory({ ...valid, privateKey: '------ BEGIN PRIVATE ------' }), configError('privateKey', /could not be loaded/));
  });

  it('4. certs is required and non-empty', () => {
    for (const certs of [undefined, {}, []]) {
      assert.throws(() => Builder.factory({ ...valid, certs }), configError('certs', /`certs` is required, paired as of `\{ \[serial\]: certificate \}` \(PHP: `\[serial => certificate\]`\)\./));
    }
  });

  it('5. certs must not hold the merchant serial (T10 message, plus a hint)', () => {
    assert.throws(
      () => Builder.factory({ ...valid, serial: 's', certs: { s: publicKey, t: publicKey } }),
      configError('certs', /The `certs\(s,t\)` contains the merchant's certificate serial number\(s\) which is not allowed here\. `serial` is your merchant certificate's serial/),
    );
  });

  it('runs the checks in order (the first failure wins)', () => {
    assert.throws(() => Builder.factory({ mchid: '1' }), configError('serial', /serial/));
    assert.throws(() => Builder.factory({ mchid: '1', serial: 's' }), configError('privateKey', /privateKey/));
    assert.throws(() => Builder.factory({ mchid: '1', serial: 's', privateKey: pem }), configError('certs', /certs/));
  });

  it('an unloadable certs entry names it', () => {
    assert.throws(() => Builder.factory({ ...valid, certs: { PLAT: 'nope' } }), configError('certs', /`certs` entry `PLAT` could not be loaded/));
  });

  it('an APIv2-only client (secret, no APIv3 keys) builds; its APIv3 calls reject with a ConfigError', async () => {
    const wxpay = Builder.factory({ mchid: '1900000100', secret: 'a'.repeat(32) });
    await assert.rejects(wxpay.v3.x.get(), configError('privateKey', /no APIv3 credentials/));
  });

  it('base_uri and timeouts are checked', () => {
    assert.throws(() => Builder.factory({ ...valid, base_uri: 'not a url' }), configError('base_uri', /absolute URL/));
    assert.throws(() => Builder.factory({ ...valid, base_uri: 'ftp://x/' }), configError('base_uri', /http\(s\)/));
    assert.throws(() => Builder.factory({ ...valid, timeout: -1 }), configError('timeout', /seconds/));
  });

  it('never shows key material in errors or when the driver is printed', () => {
    const wxpay = Builder.factory(valid);
    const printed = inspect(wxpay.getDriver(), { depth: 5 });
    assert.doesNotMatch(printed, /PRIVATE KEY|MII/);
    assert.match(printed, /mchid: 1900000100/);
    try {
      Builder.factory({ ...valid, privateKey: pem.replace('MII', 'XXX') });
      assert.fail('should throw');
    } catch (error) {
      assert.doesNotMatch(String(error), /PRIVATE KEY|XXX/);
    }
  });
});
