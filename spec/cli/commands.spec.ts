// The pure parts of wxpay crt, bill and notify: what they check and what they print.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { billQuery, savedNotice } from '../../lib/cli/commands/bill.js';
import { missingSettings, publicKeyAdvice } from '../../lib/cli/commands/crt.js';
import { handlerUrl, renderReply } from '../../lib/cli/commands/notify.js';
import { NO_SETTINGS } from '../../lib/cli/config/settings.js';
import { parseSandboxSecrets, readNotifierSource } from '../../lib/cli/notifier-source.js';
import { certificateFileName, certificateReport } from '../../lib/cli/output/certificate.js';
import { UsageError } from '../../lib/cli/usage-error.js';
import { createTestPki } from '../../lib/sandbox/index.js';
import { scratch } from './helpers.js';

function usage(command: string, message: RegExp) {
  return (e: unknown) => e instanceof UsageError && e.command === command && message.test(e.message) && !e.message.includes('\n');
}

describe('cli: wxpay crt', () => {
  it("names what is missing with its flag, variable and file key, in the order of PHP's flags", () => {
    assert.deepEqual(missingSettings(NO_SETTINGS), [
      'the APIv3 key (-k/--key, WECHATPAY_APIV3_KEY or "apiv3Key" in wxpay.json)',
      'the merchant ID (-m/--mchid, WECHATPAY_MCHID or "mchid" in wxpay.json)',
      'the merchant private key file (-f/--privatekey, WECHATPAY_PRIVATE_KEY or "privateKey" in wxpay.json)',
      'the merchant certificate\'s serial (-s/--serialno, WECHATPAY_SERIAL or "serial" in wxpay.json)',
    ]);
    assert.deepEqual(missingSettings({ settings: { apiv3Key: 'k', mchid: '1', privateKey: '/k.pem', serial: 'S' }, origins: {} }), []);
  });

  it('reports a saved certificate with the openssl line to check it, the path quoted for the shell', () => {
    const certificate = { serial: '5157F09EFDC096DE15EBE81A47057A72', effective_time: '2024-03-01T10:00:00+08:00', expire_time: '2029-02-28T10:00:00+08:00' };
    assert.equal(certificateFileName(certificate.serial), 'wechatpay_5157F09EFDC096DE15EBE81A47057A72.pem');
    assert.equal(
      certificateReport(certificate, '/tmp/my certs/wechatpay_5157F09EFDC096DE15EBE81A47057A72.pem', [2, 3]),
      [
        'Certificate 2 of 3',
        '  Serial Number: 5157F09EFDC096DE15EBE81A47057A72',
        '  Not Before:    2024-03-01T10:00:00+08:00',
        '  Not After:     2029-02-28T10:00:00+08:00',
        '  Saved to:      /tmp/my certs/wechatpay_5157F09EFDC096DE15EBE81A47057A72.pem',
        "  Check it:      openssl x509 -in '/tmp/my certs/wechatpay_5157F09EFDC096DE15EBE81A47057A72.pem' -noout -serial -dates",
        '',
      ].join('\n'),
    );
  });

  it('tells a public-key merchant, in one line, that it needs no certificates and what to configure', () => {
    const advice = publicKeyAdvice('1900000100', { status: 404, code: 'RESOURCE_NOT_EXISTS' });
    assert.match(advice, /^wxpay: merchant 1900000100 needs no platform certificates: WeChat Pay answered 404 RESOURCE_NOT_EXISTS /);
    assert.match(advice, /PUB_KEY_ID_…/);
    assert.equal(advice.indexOf('\n'), advice.length - 1);
  });
});

describe('cli: wxpay bill', () => {
  const args = (values: Record<string, string | string[]>) => ({ positionals: ['tradebill'], values });

  it('puts --date first in the query, then -q', () => {
    assert.deepEqual(billQuery(args({ date: '2026-11-21', query: ['bill_type=SUCCESS', 'sub_mchid=1900000109'] })), { bill_date: '2026-11-21', bill_type: 'SUCCESS', sub_mchid: '1900000109' });
    assert.deepEqual(billQuery(args({ date: '2024-02-29' })), { bill_date: '2024-02-29' });
  });

  it('takes calendar days only, and not bill_date or tar_type through -q', () => {
    assert.throws(() => billQuery(args({})), usage('bill', /^Give the bill's day: --date yyyy-MM-dd/));
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-1', '21/11/2026', '']) {
      assert.throws(() => billQuery(args({ date: bad })), usage('bill', /^--date takes a day written yyyy-MM-dd/), bad);
    }
    assert.throws(() => billQuery(args({ date: '2026-11-21', query: ['tar_type=GZIP'] })), usage('bill', /^-q tar_type: give it with --gzip instead\.$/));
  });

  it('says where the bill went, how big it is, and that its digest was checked', () => {
    assert.equal(savedNotice('fundflowbill', '2026-11-21', { bytes: 4300, hash_type: 'SHA1' }, '/srv/bills/f.csv'), 'wxpay: fundflowbill of 2026-11-21 saved to /srv/bills/f.csv (4.2 KiB, SHA1 checked)\n');
  });
});

describe('cli: wxpay notify', () => {
  const dir = scratch('notify-units');

  it('takes an http(s) handler URL', () => {
    assert.equal(handlerUrl('http://127.0.0.1:3000/notify').href, 'http://127.0.0.1:3000/notify');
    assert.equal(handlerUrl('https://example.com/pay/notify?x=1').pathname, '/pay/notify');
    assert.throws(() => handlerUrl(undefined), usage('notify', /^Give the handler's URL/));
    for (const bad of ['127.0.0.1:3000/notify', 'file:///notify', '/notify']) assert.throws(() => handlerUrl(bad), usage('notify', /^--to takes an http:\/\/ or https:\/\/ URL/), bad);
  });

  it("prints the handler's status and body, ending in a newline", () => {
    assert.equal(renderReply({ status: 200, body: '' }), 'HTTP 200\n');
    assert.equal(renderReply({ status: 401, body: '{"code":"FAIL"}' }), 'HTTP 401\n{"code":"FAIL"}\n');
    assert.equal(renderReply({ status: 200, body: 'ok\n' }), 'HTTP 200\nok\n');
  });

  it('reads sandbox.json and the platform key back; a broken folder is a usage error naming the file', () => {
    const pki = createTestPki();
    const folder = join(dir, 'sandbox');
    mkdirSync(folder);
    const secrets = { mchid: '1900000100', platformSerial: 'PUB_KEY_ID_0114232134912410000000000001', platformKey: 'platform_key.pem', apiv3Key: 'a'.repeat(32), secret: 's'.repeat(32) };
    writeFileSync(join(folder, 'sandbox.json'), JSON.stringify(secrets));
    writeFileSync(join(folder, 'platform_key.pem'), pki.platform.keyPem);
    const source = readNotifierSource(folder, dir);
    assert.deepEqual({ ...source, pki: undefined }, { mchid: secrets.mchid, platformSerial: secrets.platformSerial, apiv3Key: secrets.apiv3Key, secret: secrets.secret, pki: undefined });
    assert.ok(source.pki.platform.key.equals(pki.platform.key));
    assert.throws(() => parseSandboxSecrets('{"mchid":"1","secret":""}', '/s/sandbox.json'), usage('notify', /^\/s\/sandbox\.json lacks "platformSerial", "platformKey", "apiv3Key", "secret": point --sandbox/));
    assert.throws(() => parseSandboxSecrets('[', '/s/sandbox.json'), usage('notify', /^\/s\/sandbox\.json is not JSON: /));
    writeFileSync(join(folder, 'platform_key.pem'), 'not a key');
    assert.throws(() => readNotifierSource(folder, dir), usage('notify', /platform_key\.pem is not a private key: /));
    assert.throws(() => readNotifierSource(join(dir, 'nowhere'), dir), usage('notify', /^Cannot read \S+nowhere\/sandbox\.json: no such file: /));
  });
});
