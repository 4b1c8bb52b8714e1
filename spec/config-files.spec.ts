import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Builder, ConfigError, KeyFileError, Rsa, Transformer, type ClientConfig, type KeyFileProblem, type Root } from '../lib/index.js';
import { createTestPki, Sandbox } from '../lib/sandbox/index.js';
import { refundOf } from './helpers/v2.js';
import { untyped } from './helpers/untyped.js';

// PHP (Guzzle) configuration as it is written: merchant cert/key as plain, relative and file:// paths, [path,
// passphrase], PEM strings and Buffers; `verify` checked at build; every file error names the file and the problem.
const PASSPHRASE = 'correct horse';
const dir = mkdtempSync(join(tmpdir(), 'wechatpay-ts-config-files-'));
let sandbox: Sandbox;
const clients: Root[] = [];
const file: Record<string, string> = {};

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  const { pki } = sandbox;
  const other = createTestPki();
  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  file.cert = write('apiclient_cert.pem', pki.merchant.cert);
  file.key = write('apiclient_key.pem', pki.merchant.keyPem);
  file.encryptedKey = write('apiclient_key.enc.pem', pki.merchant.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
  file.otherKey = write('other_key.pem', other.merchant.keyPem);
  file.ca = write('ca.pem', pki.ca.cert);
  file.text = write('notes.txt', 'not a key, not a certificate\n');
  file.directory = join(dir, 'a-directory.pem');
  mkdirSync(file.directory);
  file.loop = join(dir, 'loop.pem');
  symlinkSync(join(dir, 'loop2.pem'), file.loop);
  symlinkSync(file.loop, join(dir, 'loop2.pem'));
  file.missing = join(dir, 'missing.pem');
});

after(async () => {
  await Promise.all(clients.map((client) => client.getDriver().close()));
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A client of the HTTPS sandbox with these settings instead of its inline PEM ones. */
function client(overrides: Partial<ClientConfig>): Root {
  const made = Builder.factory({ ...sandbox.httpsClientConfig(), ...overrides });
  clients.push(made);
  return made;
}

/** A refund over mutual TLS: the certificate was loaded and presented, and the CA trusted. */
async function refund(wxpay: Root): Promise<void> {
  const res = await untyped(wxpay).v2.secapi.pay.refund.post({ xml: refundOf(sandbox.mchid), security: true });
  assert.equal(Transformer.toArray(res.text()).refund_fee, '60');
}

/** Expects a KeyFileError for `setting`, naming `path` and the problem, and showing no key material or passphrase. */
function fileError(setting: string, path: string, problem: KeyFileProblem, wording: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof KeyFileError, `not a KeyFileError: ${inspect(error)}`);
    assert.ok(error instanceof ConfigError);
    assert.deepEqual([error.setting, error.path, error.problem], [setting, path, problem]);
    assert.ok(error.message.includes(path), `the message names the file: ${error.message}`);
    assert.match(error.message, wording);
    const printed = `${error.message} ${inspect(error)}`;
    assert.doesNotMatch(printed, /PRIVATE KEY-----|BEGIN CERTIFICATE|MII/);
    assert.equal(printed.includes(PASSPHRASE), false);
    return true;
  };
}

describe('merchant: { cert, key } in every form PHP users write', () => {
  it('plain absolute paths (as Guzzle takes them), and a plain path for verify', async () => {
    await refund(client({ merchant: { cert: file.cert, key: file.key }, verify: file.ca }));
  });

  it('file:// paths and file URLs', async () => {
    await refund(client({ merchant: { cert: pathToFileURL(file.cert).href, key: pathToFileURL(file.key) }, verify: pathToFileURL(file.ca).href }));
  });

  it('relative paths, resolved against the working directory (plain, and PHP\'s file://relative form)', async () => {
    const cert = relative(process.cwd(), file.cert);
    assert.ok(!cert.startsWith('/'));
    await refund(client({ merchant: { cert, key: `file://${relative(process.cwd(), file.key)}` }, verify: relative(process.cwd(), file.ca) }));
  });

  it('[path, passphrase] for an encrypted key (Guzzle\'s ssl_key), or passphrase beside it', async () => {
    await refund(client({ merchant: { cert: file.cert, key: [file.encryptedKey, PASSPHRASE] } }));
    await refund(client({ merchant: { cert: file.cert, key: file.encryptedKey, passphrase: PASSPHRASE } }));
  });

  it('PEM strings and Buffers', async () => {
    await refund(client({ merchant: { cert: readFileSync(file.cert, 'utf8'), key: readFileSync(file.key, 'utf8') }, verify: readFileSync(file.ca, 'utf8') }));
    await refund(client({ merchant: { cert: readFileSync(file.cert), key: readFileSync(file.key) }, verify: readFileSync(file.ca) }));
  });
});

describe('every file error names the file and what is wrong with it (KeyFileError, a ConfigError)', () => {
  const build = (overrides: Partial<ClientConfig>) => () => Builder.factory({ ...sandbox.httpsClientConfig(), ...overrides });

  it('missing', () => {
    assert.throws(build({ merchant: { cert: file.missing, key: file.key } }), fileError('merchant.cert', file.missing, 'missing', /^`merchant\.cert`: the file .*missing\.pem does not exist\.$/));
    assert.throws(build({ merchant: { cert: file.cert, key: pathToFileURL(file.missing).href } }), fileError('merchant.key', file.missing, 'missing', /does not exist/));
    assert.throws(build({ merchant: { pfx: file.missing } }), fileError('merchant.pfx', file.missing, 'missing', /does not exist/));
  });

  it('missing, given relative: the message says against which directory it was resolved', () => {
    const given = relative(process.cwd(), file.missing);
    assert.throws(build({ merchant: { cert: given, key: file.key } }), fileError('merchant.cert', file.missing, 'missing', new RegExp(`the relative path "${given.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", resolved against the working directory`)));
  });

  it('a directory, and a file that cannot be read', () => {
    assert.throws(build({ merchant: { cert: file.directory, key: file.key } }), fileError('merchant.cert', file.directory, 'not-a-file', /is a directory, not a file\./));
    assert.throws(build({ merchant: { cert: file.cert, key: file.loop } }), fileError('merchant.key', file.loop, 'unreadable', /cannot be read \(ELOOP\)/));
  });

  it('not PEM: a certificate file without a certificate, a key file without a key', () => {
    assert.throws(build({ merchant: { cert: file.text, key: file.key } }), fileError('merchant.cert', file.text, 'not-certificate', /holds no X\.509 certificate/));
    assert.throws(build({ merchant: { cert: file.key, key: file.key } }), fileError('merchant.cert', file.key, 'not-certificate', /holds no X\.509 certificate/));
    assert.throws(build({ merchant: { cert: file.cert, key: file.text } }), fileError('merchant.key', file.text, 'not-pem', /holds no PEM private key/));
  });

  it('an encrypted key with a wrong passphrase, or none', () => {
    assert.throws(build({ merchant: { cert: file.cert, key: [file.encryptedKey, 'wrong'] } }), fileError('merchant.key', file.encryptedKey, 'wrong-passphrase', /encrypted private key that the passphrase given does not open/));
    assert.throws(build({ merchant: { cert: file.cert, key: file.encryptedKey } }), fileError('merchant.key', file.encryptedKey, 'wrong-passphrase', /no passphrase was given: give `\[path, passphrase\]`/));
  });

  it('a key that is not the certificate\'s: both files are named', () => {
    assert.throws(build({ merchant: { cert: file.cert, key: file.otherKey } }), (error: unknown) => {
      fileError('merchant', file.otherKey, 'mismatch', /is not the private key of the certificate/)(error);
      assert.ok((error as Error).message.includes(file.cert));
      return true;
    });
  });

  it('verify: checked when the client is built, not at the first call', () => {
    assert.throws(build({ verify: '/nope/ca.pem' }), fileError('verify', '/nope/ca.pem', 'missing', /^`verify`: the file \/nope\/ca\.pem does not exist\.$/));
    assert.throws(build({ verify: file.key }), fileError('verify', file.key, 'not-certificate', /holds no X\.509 certificate/));
    assert.throws(build({ verify: Buffer.from('not a certificate') }), (e: unknown) => e instanceof ConfigError && e.setting === 'verify' && /holds no X\.509 certificate/.test(e.message));
  });

  it('privateKey and certs given as file:// paths', () => {
    const missing = pathToFileURL(file.missing).href;
    assert.throws(build({ privateKey: missing }), fileError('privateKey', file.missing, 'missing', /^Cannot load privateKey from\(string\): the file .* does not exist\.$/));
    assert.throws(build({ privateKey: [pathToFileURL(file.encryptedKey).href, 'wrong'] }), fileError('privateKey', file.encryptedKey, 'wrong-passphrase', /does not open/));
    const serial = Object.keys(sandbox.clientConfig().certs)[0];
    assert.throws(build({ certs: { [serial]: missing } }), fileError('certs', file.missing, 'missing', new RegExp(`^The \`certs\` entry \`${serial}\`: the file .* does not exist\\.$`)));
    assert.throws(build({ certs: { [serial]: pathToFileURL(file.text).href } }), fileError('certs', file.text, 'not-pem', /holds no PEM public key or certificate/));
  });
});

describe('Rsa.from with a file', () => {
  it('file:///missing.pem names the path (no literal $thing)', () => {
    assert.throws(() => Rsa.from('file:///missing.pem', Rsa.KEY_TYPE_PRIVATE), fileError('privateKey', '/missing.pem', 'missing', /^Cannot load privateKey from\(string\): the file \/missing\.pem does not exist\.$/));
    assert.throws(() => Rsa.from(new URL('file:///missing.pem'), Rsa.KEY_TYPE_PUBLIC), fileError('certs', '/missing.pem', 'missing', /^Cannot load publicKey from\(URL\): the file/));
  });

  it('loads an encrypted key file with [file://…, passphrase], and a relative file:// path', () => {
    assert.equal(Rsa.from([pathToFileURL(file.encryptedKey).href, PASSPHRASE]).type, 'private');
    assert.equal(Rsa.from(`file://${relative(process.cwd(), file.key)}`).type, 'private');
  });

  it('a generated key of another type is still refused as not RSA, without a file error', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const path = join(dir, 'ed25519.pem');
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    assert.throws(() => Rsa.from(pathToFileURL(path).href), (e: unknown) => !(e instanceof KeyFileError) && /is not an RSA key/.test(String(e)));
  });
});
