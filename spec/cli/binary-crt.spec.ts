// `wxpay crt` as a user runs it: the built binary in a child process, against sandboxes in this process (one in
// certificate mode, one in public-key mode), with the files written by the test.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VERSION } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { assertFailed, scratch, writeSandboxConfig, wxpay } from './helpers.js';

const dir = scratch('crt');
let certMode: Sandbox;
let keyMode: Sandbox;
let certConfig: string;
let keyConfig: string;

before(async () => {
  const pki = createTestPki();
  certMode = await Sandbox.start({ pki, mode: 'certificate' });
  keyMode = await Sandbox.start({ pki, mode: 'public-key' });
  certConfig = writeSandboxConfig(certMode, join(dir, 'cert-mode'));
  keyConfig = writeSandboxConfig(keyMode, join(dir, 'key-mode'));
});
after(async () => {
  await certMode.close();
  await keyMode.close();
});

/** PHP's flags for a sandbox whose files are in `folder`. */
function phpFlags(sandbox: Sandbox, folder: string): string[] {
  return ['-k', sandbox.apiv3Key, '-m', sandbox.mchid, '-f', join(folder, 'apiclient_key.pem'), '-s', sandbox.merchantSerial, '-u', sandbox.url];
}

describe('wxpay crt: certificate mode', () => {
  it("PHP's flags: saves wechatpay_<serial>.pem and prints serial, validity, path and the openssl check", async () => {
    const out = join(dir, 'php-flags');
    const run = await wxpay(['crt', ...phpFlags(certMode, join(dir, 'cert-mode')), '-o', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const serial = certMode.platformSerial;
    const path = join(out, `wechatpay_${serial}.pem`);
    assert.deepEqual(readdirSync(out), [`wechatpay_${serial}.pem`]);
    assert.equal(new X509Certificate(readFileSync(path)).fingerprint256, new X509Certificate(certMode.pki.platform.cert).fingerprint256);
    assert.match(run.stdout, /^Certificate 1 of 1\n/);
    assert.match(run.stdout, new RegExp(`^ {2}Serial Number: ${serial}$`, 'm'));
    assert.match(run.stdout, /^ {2}Not Before: {4}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/m);
    assert.match(run.stdout, /^ {2}Not After: {5}\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/m);
    assert.ok(run.stdout.includes(`  Saved to:      ${path}\n`));
    assert.ok(run.stdout.includes(`openssl x509 -in ${path} -noout -serial -dates\n`));
    assert.ok(!run.stdout.includes(certMode.apiv3Key), 'the APIv3 key is not printed');
    const seen = certMode.lastRequest();
    assert.equal(seen?.path, '/v3/certificates');
    assert.equal(seen.authorized, true);
  });

  it('takes the settings from --config and the environment (flags win), and saves to the temporary folder by default', async () => {
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const run = await wxpay(['crt', '--config', certConfig], { env: { TMPDIR: tmp } });
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(join(tmp, `wechatpay_${certMode.platformSerial}.pem`)));
    const wrongKey = 'k'.repeat(32);
    const fromEnv = await wxpay(['crt', '--config', certConfig, '-o', join(dir, 'env')], { env: { WECHATPAY_APIV3_KEY: wrongKey } });
    assertFailed(fromEnv, 3, /Decrypting the platform certificate \w+ failed: check the APIv3 key/);
    assert.ok(!fromEnv.stderr.includes(wrongKey), 'no key in the message');
    const flagWins = await wxpay(['crt', '--config', certConfig, '-o', join(dir, 'flag'), '-k', certMode.apiv3Key], { env: { WECHATPAY_APIV3_KEY: wrongKey } });
    assert.equal(flagWins.code, 0, flagWins.stderr);
    assert.equal(existsSync(join(dir, 'env')), true, 'the folder is made before the download');
    assert.deepEqual(readdirSync(join(dir, 'env')), [], 'nothing saved from an answer that does not decrypt');
  });
});

describe('wxpay crt: a public-key merchant', () => {
  it('is told it needs no certificates and to configure its PUB_KEY_ID_… public key (exit 1, nothing saved)', async () => {
    const out = join(dir, 'public-key');
    const run = await wxpay(['crt', ...phpFlags(keyMode, join(dir, 'key-mode')), '-o', out]);
    assertFailed(run, 1, new RegExp(`^wxpay: merchant ${keyMode.mchid} needs no platform certificates: WeChat Pay answered 404 RESOURCE_NOT_EXISTS`));
    assert.match(run.stderr, /微信支付公钥/);
    assert.match(run.stderr, /"certs": \{"PUB_KEY_ID_…": "pub_key\.pem"\} in wxpay\.json, WECHATPAY_CERTS=PUB_KEY_ID_…=pub_key\.pem, or --cert PUB_KEY_ID_…=pub_key\.pem\.\n$/);
    assert.deepEqual(readdirSync(out), []);
    const fromConfig = await wxpay(['crt', '--config', keyConfig, '-o', out]);
    assert.equal(fromConfig.code, 1);
    assert.equal(fromConfig.stderr, run.stderr);
  });
});

describe('wxpay crt: usage', () => {
  it('names every missing setting with its flag, variable and file key (exit 2, nothing sent)', async () => {
    const before = certMode.requests.length;
    const none = await wxpay(['crt']);
    assertFailed(none, 2, /^wxpay: Missing the APIv3 key \(-k\/--key, WECHATPAY_APIV3_KEY or "apiv3Key" in wxpay\.json\), the merchant ID \(-m\/--mchid, /);
    assert.match(none.stderr, /the merchant private key file \(-f\/--privatekey, WECHATPAY_PRIVATE_KEY or "privateKey" in wxpay\.json\), the merchant certificate's serial \(-s\/--serialno, /);
    assert.match(none.stderr, /\(see wxpay crt --help\)\n$/);
    const some = await wxpay(['crt', '-m', '1900000100', '-u', certMode.url], { env: { WECHATPAY_APIV3_KEY: certMode.apiv3Key } });
    assertFailed(some, 2, /^wxpay: Missing the merchant private key file \(-f\/--privatekey, [^)]+\), the merchant certificate's serial \(-s\/--serialno, [^)]+\)\. \(see/);
    assert.equal(certMode.requests.length, before);
  });

  it('an unreadable key file, an unknown flag, a stray argument: exit 2', async () => {
    const flags = phpFlags(certMode, join(dir, 'cert-mode'));
    assertFailed(await wxpay(['crt', ...flags.slice(0, 4), '-f', 'nope.pem', ...flags.slice(6)]), 2, /^wxpay: privateKey \(from --privatekey\): cannot read \S+nope\.pem: no such file\.\n$/);
    assertFailed(await wxpay(['crt', '--nope']), 2, /Unknown option '--nope'/);
    assertFailed(await wxpay(['crt', 'extra']), 2, /Unexpected argument 'extra'/);
    assertFailed(await wxpay(['crt', ...flags, '-o', certConfig]), 2, /^wxpay: -o \S+wxpay\.json: cannot write in \S+wxpay\.json: it is a file, not a folder\. \(see wxpay crt --help\)\n$/);
  });

  it('-V and --version print the version on their own (PHP printed the help)', async () => {
    for (const argv of [['crt', '-V'], ['crt', '--version'], ['crt', '-m', '1900000100', '-V']]) {
      assert.deepEqual(await wxpay(argv), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
    }
  });

  it('--help lists PHP\'s flags with an example', async () => {
    const run = await wxpay(['crt', '--help']);
    assert.equal(run.code, 0);
    for (const flag of ['-k, --key KEY', '-m, --mchid ID', '-f, --privatekey FILE', '-s, --serialno SERIAL', '-o, --output FOLDER', '-u, --baseuri URL', '-V, --version']) {
      assert.ok(run.stdout.includes(flag), flag);
    }
    assert.match(run.stdout, /Examples:\n {2}WECHATPAY_APIV3_KEY=… wxpay crt -m /);
  });
});
