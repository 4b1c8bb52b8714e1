import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createClient } from '../../lib/cli/config/client.js';
import { parseCommandLine } from '../../lib/cli/args.js';
import { envLayer, parseCertList } from '../../lib/cli/config/env.js';
import { CONFIG_OPTIONS, flagLayer } from '../../lib/cli/config/flags.js';
import { fileLayer, findConfigFile, parseConfigFile } from '../../lib/cli/config/file.js';
import { clientConfigOf, loadConfig } from '../../lib/cli/config/load.js';
import { mergeLayers, NO_SETTINGS, settingSource, type Layer } from '../../lib/cli/config/settings.js';
import { resolvePath } from '../../lib/cli/files.js';
import { UsageError } from '../../lib/cli/usage-error.js';
import { ConfigError } from '../../lib/index.js';
import { createTestPki } from '../../lib/sandbox/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'wxpay-cli-config-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const home = join(scratch, 'home');
const cwd = join(scratch, 'work');
mkdirSync(join(home, '.config', 'wxpay'), { recursive: true });
mkdirSync(cwd, { recursive: true });

const pki = createTestPki();
writeFileSync(join(cwd, 'apiclient_key.pem'), pki.merchant.keyPem);
writeFileSync(join(cwd, 'platform.pem'), pki.platform.cert);

function configError(setting: string, message: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.setting, setting);
    assert.match(e.message, message);
    assert.ok(!e.message.includes('\n'), 'one line');
    return true;
  };
}

describe('cli config: paths', () => {
  it('resolves relative, absolute, ~/ and file:// paths', () => {
    assert.equal(resolvePath('k.pem', '/a/b', '/home/me'), '/a/b/k.pem');
    assert.equal(resolvePath('../k.pem', '/a/b', '/home/me'), '/a/k.pem');
    assert.equal(resolvePath('/etc/k.pem', '/a/b', '/home/me'), '/etc/k.pem');
    assert.equal(resolvePath('~/keys/k.pem', '/a/b', '/home/me'), '/home/me/keys/k.pem');
    assert.equal(resolvePath(pathToFileURL('/x y/k.pem').href, '/a', '/h'), '/x y/k.pem');
  });
});

describe('cli config: the environment', () => {
  it('reads WECHATPAY_CERTS as id=path pairs, relative to the working folder', () => {
    assert.deepEqual(parseCertList(' PUB_KEY_ID_01=pub.pem , 5157F09EFDC096DE15EBE81A47057A72=/abs/c.pem,', '/w', '/h'), {
      PUB_KEY_ID_01: '/w/pub.pem',
      '5157F09EFDC096DE15EBE81A47057A72': '/abs/c.pem',
    });
    assert.throws(() => parseCertList('pub.pem', '/w', '/h'), configError('certs', /^WECHATPAY_CERTS takes id=path pairs separated by commas .*got "pub\.pem"\.$/));
    assert.throws(() => parseCertList('A=', '/w', '/h'), configError('certs', /id=path/));
    assert.throws(() => parseCertList('A=1.pem,A=2.pem', '/w', '/h'), configError('certs', /names A twice/));
  });

  it('maps each variable to its setting, empty ones unset', () => {
    const layer = envLayer(
      { WECHATPAY_MCHID: '1900000100', WECHATPAY_SERIAL: '', WECHATPAY_PRIVATE_KEY: 'k.pem', WECHATPAY_CERTS: 'P=p.pem', WECHATPAY_SECRET: 's', WECHATPAY_APIV3_KEY: 'a', WECHATPAY_BASE_URI: 'http://127.0.0.1:1/', OTHER: 'x' },
      '/w',
      '/h',
    );
    assert.deepEqual(layer.settings, { mchid: '1900000100', privateKey: '/w/k.pem', certs: { P: '/w/p.pem' }, secret: 's', apiv3Key: 'a', base_uri: 'http://127.0.0.1:1/' });
    assert.equal(layer.origins.privateKey, 'WECHATPAY_PRIVATE_KEY');
    assert.equal(layer.origins.serial, undefined);
  });
});

describe('cli config: flags', () => {
  it('maps --mchid, --serial, --private-key, --cert and --base-uri, paths relative to the working folder', () => {
    const args = parseCommandLine({ name: 'x', options: CONFIG_OPTIONS, positionals: false }, ['--mchid', 'M', '--serial', 'S', '--private-key', 'k.pem', '--cert', 'P=p.pem', '--cert', 'Q=/q.pem', '-u', 'http://h/', '-c', 'ignored.json']);
    const layer = flagLayer(args, '/w', '/h');
    assert.deepEqual(layer.settings, { mchid: 'M', serial: 'S', privateKey: '/w/k.pem', certs: { P: '/w/p.pem', Q: '/q.pem' }, base_uri: 'http://h/' });
    assert.deepEqual(layer.origins, { mchid: '--mchid', serial: '--serial', privateKey: '--private-key', certs: '--cert', base_uri: '--base-uri' });
    assert.deepEqual(flagLayer(parseCommandLine({ name: 'x', options: CONFIG_OPTIONS, positionals: false }, []), '/w', '/h'), NO_SETTINGS);
    assert.throws(() => flagLayer(parseCommandLine({ name: 'x', options: CONFIG_OPTIONS, positionals: false }, ['--cert', 'p.pem']), '/w', '/h'), UsageError);
  });

  it("takes another command's option names (PHP's certificate downloader flags)", () => {
    const options = { key: { type: 'string', short: 'k', description: '' }, mchid: { type: 'string', short: 'm', description: '' }, privatekey: { type: 'string', short: 'f', description: '' }, serialno: { type: 'string', short: 's', description: '' } } as const;
    const args = parseCommandLine({ name: 'crt', options, positionals: false }, ['-k', 'K', '-m', 'M', '-f', 'key.pem', '-s', 'S']);
    const layer = flagLayer(args, '/w', '/h', { apiv3Key: 'key', mchid: 'mchid', privateKey: 'privatekey', serial: 'serialno' });
    assert.deepEqual(layer.settings, { mchid: 'M', serial: 'S', privateKey: '/w/key.pem', apiv3Key: 'K' });
    assert.equal(layer.origins.apiv3Key, '--key');
  });
});

describe('cli config: the file', () => {
  const file = '/etc/wxpay/wxpay.json';

  it('reads the settings, key paths relative to the file', () => {
    const layer = parseConfigFile(JSON.stringify({ mchid: 1900000100, serial: 'S', privateKey: 'apiclient_key.pem', certs: { P: '../pub.pem', Q: '~/q.pem' }, secret: 's', apiv3Key: 'a', base_uri: 'http://h/' }), file, '/home/me');
    assert.deepEqual(layer.settings, { mchid: '1900000100', serial: 'S', privateKey: '/etc/wxpay/apiclient_key.pem', certs: { P: '/etc/pub.pem', Q: '/home/me/q.pem' }, secret: 's', apiv3Key: 'a', base_uri: 'http://h/' });
    assert.equal(layer.origins.mchid, file);
  });

  it('refuses what is not a configuration, naming the file and the setting', () => {
    assert.throws(() => parseConfigFile('{"mchid": "1",', file, '/h'), configError('config', /^\/etc\/wxpay\/wxpay\.json is not valid JSON: /));
    assert.throws(() => parseConfigFile('[]', file, '/h'), configError('config', /must hold a JSON object of settings \(mchid, serial, privateKey, certs, secret, apiv3Key, base_uri\)/));
    assert.throws(() => parseConfigFile('{"private_key": "k.pem"}', file, '/h'), configError('private_key', /unknown setting "private_key"/));
    assert.throws(() => parseConfigFile('{"serial": 5}', file, '/h'), configError('serial', /"serial" must be a non-empty string/));
    assert.throws(() => parseConfigFile('{"mchid": 1.5}', file, '/h'), configError('mchid', /"mchid" must be a non-empty string/));
    assert.throws(() => parseConfigFile('{"certs": "pub.pem"}', file, '/h'), configError('certs', /"certs" must map each PUB_KEY_ID_/));
    assert.throws(() => parseConfigFile('{"certs": {"P": 1}}', file, '/h'), configError('certs', /"certs"\."P" must be a file path/));
  });

  it('finds --config, else ./wxpay.json, else ~/.config/wxpay/config.json', () => {
    assert.equal(findConfigFile(undefined, cwd, home), undefined);
    writeFileSync(join(home, '.config', 'wxpay', 'config.json'), '{}');
    assert.equal(findConfigFile(undefined, cwd, home), join(home, '.config', 'wxpay', 'config.json'));
    writeFileSync(join(cwd, 'wxpay.json'), '{}');
    assert.equal(findConfigFile(undefined, cwd, home), join(cwd, 'wxpay.json'));
    assert.equal(findConfigFile('other.json', cwd, home), join(cwd, 'other.json'));
    rmSync(join(cwd, 'wxpay.json'));
    rmSync(join(home, '.config', 'wxpay', 'config.json'));
  });

  it('says which file cannot be read', () => {
    assert.throws(() => fileLayer(join(cwd, 'missing.json'), home), configError('config', /^Cannot read the configuration file .*missing\.json: no such file\.$/));
  });
});

describe('cli config: stacking and reading keys', () => {
  const file: Layer = { settings: { mchid: 'F', serial: 'F', certs: { A: '/a', B: '/b' } }, origins: { mchid: 'wxpay.json', serial: 'wxpay.json', certs: 'wxpay.json' } };
  const env: Layer = { settings: { serial: 'E', certs: { C: '/c' } }, origins: { serial: 'WECHATPAY_SERIAL', certs: 'WECHATPAY_CERTS' } };
  const flags: Layer = { settings: { serial: 'L' }, origins: { serial: '--serial' } };

  it('puts flags over environment over file, setting by setting; certs as a whole', () => {
    const merged = mergeLayers([file, env, flags]);
    assert.deepEqual(merged.settings, { mchid: 'F', serial: 'L', certs: { C: '/c' } });
    assert.deepEqual(merged.origins, { mchid: 'wxpay.json', serial: '--serial', certs: 'WECHATPAY_CERTS' });
    assert.equal(settingSource(merged, 'serial'), 'serial (from --serial)');
    assert.equal(settingSource(NO_SETTINGS, 'serial'), 'serial');
  });

  it('reads the key files into PEM text', () => {
    const layer: Layer = { settings: { mchid: '1', serial: 'S', privateKey: join(cwd, 'apiclient_key.pem'), certs: { P: join(cwd, 'platform.pem') }, secret: 's', base_uri: 'http://h/' }, origins: {} };
    const config = clientConfigOf(layer);
    assert.equal(config.privateKey, pki.merchant.keyPem);
    assert.deepEqual(config.certs, { P: pki.platform.cert });
    assert.equal(config.secret, 's');
    assert.equal(config.base_uri, 'http://h/');
  });

  it('names the setting and its source when a key file cannot be read', () => {
    const missing = join(cwd, 'nope.pem');
    const layer: Layer = { settings: { mchid: '1', privateKey: missing }, origins: { privateKey: 'WECHATPAY_PRIVATE_KEY' } };
    assert.throws(() => clientConfigOf(layer), configError('privateKey', new RegExp(`^privateKey \\(from WECHATPAY_PRIVATE_KEY\\): cannot read ${missing}: no such file\\.$`)));
    const certs: Layer = { settings: { mchid: '1', certs: { PUB_KEY_ID_01: cwd } }, origins: { certs: '/x/wxpay.json' } };
    assert.throws(() => clientConfigOf(certs), configError('certs', /^certs\.PUB_KEY_ID_01 \(from \/x\/wxpay\.json\): cannot read .*: it is a folder\.$/));
  });

  it('says where to set a missing mchid', () => {
    assert.throws(() => clientConfigOf(NO_SETTINGS), configError('mchid', /^No configuration: pass --config FILE, create \.\/wxpay\.json/));
    assert.throws(() => clientConfigOf({ settings: { serial: 'S' }, origins: { serial: '/x/wxpay.json' } }, '/x/wxpay.json'), configError('mchid', /^No mchid: add "mchid" to \/x\/wxpay\.json, set WECHATPAY_MCHID, or pass --mchid\.$/));
  });

  it('loads file, environment and flags in that order', () => {
    const dir = join(scratch, 'stack');
    mkdirSync(join(dir, 'keys'), { recursive: true });
    writeFileSync(join(dir, 'keys', 'k.pem'), pki.merchant.keyPem);
    writeFileSync(join(dir, 'wxpay.json'), JSON.stringify({ mchid: 'FILE', serial: 'FILE', privateKey: 'keys/k.pem', apiv3Key: 'file-key', base_uri: 'http://file/' }));
    const loaded = loadConfig({
      configFile: 'wxpay.json',
      flags: { settings: { base_uri: 'http://flag/' }, origins: { base_uri: '--base-uri' } },
      env: { WECHATPAY_SERIAL: 'ENV', WECHATPAY_BASE_URI: 'http://env/' },
      cwd: dir,
      home,
    });
    assert.equal(loaded.file, join(dir, 'wxpay.json'));
    assert.equal(loaded.client.mchid, 'FILE');
    assert.equal(loaded.client.serial, 'ENV');
    assert.equal(loaded.client.base_uri, 'http://flag/');
    assert.equal(loaded.client.privateKey, pki.merchant.keyPem);
    assert.equal(loaded.apiv3Key, 'file-key');
  });

  it("prefixes the SDK's own configuration errors with the setting's source", () => {
    const layer: Layer = {
      settings: { mchid: '1', serial: 'S', privateKey: join(cwd, 'platform.pem'), certs: { P: join(cwd, 'platform.pem') } },
      origins: { privateKey: '--private-key' },
    };
    assert.throws(() => createClient({ client: clientConfigOf(layer), apiv3Key: undefined, file: undefined, layer }), configError('privateKey', /^privateKey \(from --private-key\): /));
    const good: Layer = { settings: { mchid: '1', serial: 'S', privateKey: join(cwd, 'apiclient_key.pem'), certs: { P: join(cwd, 'platform.pem') } }, origins: {} };
    const root = createClient({ client: clientConfigOf(good), apiv3Key: undefined, file: undefined, layer: good });
    assert.equal(typeof root.getDriver().request, 'function');
  });
});
