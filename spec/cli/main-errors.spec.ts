// Usage and configuration errors through main() in-process (the binary runs the same code: see binary-*.spec.ts).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { main } from '../../lib/cli/main.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { APPID, FIND_QUERY, memoryIo, noStack, scratch, writeSandboxConfig } from './helpers.js';

const dir = scratch('errors');
let sandbox: Sandbox;
let config: string;
before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  config = writeSandboxConfig(sandbox, join(dir, 'sandbox'));
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

/** Runs main() and checks: exit 2, nothing on stdout, one line on stderr matching `message`, nothing sent. */
async function usage(argv: string[], message: RegExp, env: Record<string, string> = {}) {
  const { io, stdout, stderr } = memoryIo({ cwd: dir, env });
  assert.equal(await main(argv, io), 2, stderr());
  assert.equal(stdout(), '');
  assert.match(stderr(), /^wxpay: [^\n]+\n$/);
  assert.match(stderr(), message);
  assert.ok(noStack(stderr()));
  assert.ok(!stderr().includes(sandbox.secret));
  assert.equal(sandbox.requests.length, 0, 'nothing sent');
}

describe('cli usage errors: exit 2, one line, nothing sent', () => {
  const parkings = ['--config', 'sandbox/wxpay.json', 'v3/businesscircle/parkings'];

  it('malformed options', async () => {
    await usage([...parkings, '--json', '@missing.json'], /^wxpay: --json @missing\.json: cannot read .*missing\.json: no such file\./);
    await usage([...parkings, '-X', 'FETCH'], /-X takes GET, POST, PUT, PATCH, DELETE/);
    await usage([...parkings, '-q', 'appid'], /-q takes name=value, got "appid"/);
    await usage([...parkings, '-H', 'nocolon'], /-H takes 'Name: value'/);
    await usage([...parkings, '--var', 'json={}'], /--var json: that name is a request option/);
    await usage([...parkings, '--timeout', 'soon'], /--timeout takes a number of seconds/);
    await usage([...parkings, '--json'], /^wxpay: Option '--json <value>' argument missing \(see wxpay --help\)\n$/);
  });

  it('contradictions', async () => {
    await usage([...parkings, '--xml', 'a=1'], /--xml is for APIv2 paths/);
    await usage([...parkings, '--json', '{}', '--xml', 'a=1'], /not both/);
    await usage(['--config', config, 'v2/pay/micropay', '--json', '{}'], /--json is for APIv3 paths/);
  });

  it('a mistyped command, a URL, two paths', async () => {
    await usage(['sandobx'], /^wxpay: Unknown command or path "sandobx": a path has segments/);
    await usage(['--config', config, 'https://api.mch.weixin.qq.com/v3/certificates'], /not a URL/);
    await usage(['--config', config, 'v3/a/b', 'v3/c/d'], /One path per call/);
    await usage(['--config', config, '-i'], /^wxpay: Give the API path to call/);
  });

  it('a placeholder without its --var', async () => {
    await usage(['--config', config, 'v3/businesscircle/user-authorizations/{openid}', '-q', `appid=${APPID}`], /^wxpay: The path v3\/businesscircle\/user-authorizations\/\{openid\} has the placeholder \{openid\}: fill it with --var openid=…\.\n$/);
  });
});

describe('cli configuration errors: exit 2, one line naming what to fix', () => {
  const find = ['v3/vehicle/parking/services/find', ...FIND_QUERY];

  it('a key file that is not a key names the setting, its source and the file', async () => {
    await usage(['--config', config, ...find, '--private-key', config], new RegExp(`^wxpay: privateKey \\(from --private-key\\): ${config}: `));
  });

  it('an unset setting says where to set it', async () => {
    await usage(find, /^wxpay: serial: .* To fix: set "serial" in the configuration file, WECHATPAY_SERIAL, or --serial\.\n$/, { WECHATPAY_MCHID: sandbox.mchid });
    await usage(find, /^wxpay: No mchid: add "mchid" to a configuration file, set WECHATPAY_MCHID, or pass --mchid\.\n$/, { WECHATPAY_SERIAL: 'S' });
  });

  it('a missing --config file, a broken one, an unknown setting', async () => {
    await usage(['--config', 'nope.json', ...find], /^wxpay: Cannot read the configuration file .*nope\.json: no such file\.\n$/);
    writeFileSync(join(dir, 'broken.json'), '{"mchid": ');
    await usage(['--config', 'broken.json', ...find], /broken\.json is not valid JSON/);
    mkdirSync(join(dir, 'typo'));
    writeFileSync(join(dir, 'typo', 'wxpay.json'), JSON.stringify({ mchid: '1', private_key: 'k.pem' }));
    await usage(['-c', 'typo/wxpay.json', ...find], /unknown setting "private_key" \(the settings are mchid, serial, privateKey, certs, secret, apiv3Key, base_uri\)/);
  });

  it('a malformed WECHATPAY_CERTS', async () => {
    await usage(find, /^wxpay: WECHATPAY_CERTS takes id=path pairs/, { WECHATPAY_MCHID: '1', WECHATPAY_CERTS: 'pub_key.pem' });
  });

  it('an APIv3 call on an APIv2-only configuration', async () => {
    await usage(find, /no APIv3 credentials/, { WECHATPAY_MCHID: sandbox.mchid, WECHATPAY_SECRET: sandbox.secret, WECHATPAY_BASE_URI: sandbox.url });
  });
});
