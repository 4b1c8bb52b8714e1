// `wxpay <path>` as a user runs it: the built binary in a child process, against a sandbox in this process.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { VERSION } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { APPID, FIND_QUERY, OPENID, PARKING, assertFailed, scratch, writeSandboxConfig, wxpay } from './helpers.js';

const dir = scratch('request');
let sandbox: Sandbox;
let config: string;
let closedPort: number;

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  config = writeSandboxConfig(sandbox, dir);
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
});
after(() => sandbox.close());
beforeEach(() => sandbox.reset());

function call(args: string[], options: { input?: string } = {}) {
  return wxpay(['--config', config, ...args], { cwd: dir, ...options });
}

describe('wxpay <path>: success', () => {
  it('POSTs a JSON body: 204 prints nothing, exit 0', async () => {
    const run = await call(['v3/businesscircle/parkings', '--json', PARKING]);
    assert.deepEqual(run, { code: 0, stdout: '', stderr: '' });
    const seen = sandbox.lastRequest()!;
    assert.equal(seen.method, 'POST');
    assert.equal(seen.text, PARKING, 'the JSON is sent as given');
    assert.equal(seen.authorized, true);
  });

  it('GETs without a body, -q encoded, and prints the JSON on one line when piped', async () => {
    const run = await call(['v3/vehicle/parking/services/find', ...FIND_QUERY]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^\{[^\n]+\}\n$/);
    const body = JSON.parse(run.stdout);
    assert.equal(body.plate_number, '粤B888888');
    assert.equal(body.service_state, 'NORMAL');
    assert.equal(sandbox.lastRequest()!.method, 'GET');
    assert.match(sandbox.lastRequest()!.target, /plate_number=%E7%B2%A4B888888/);
  });

  it('takes the dot form', async () => {
    const run = await call(['v3.vehicle.parking.services.find', ...FIND_QUERY]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).plate_color, 'BLUE');
    assert.equal(sandbox.lastRequest()!.path, '/v3/vehicle/parking/services/find');
  });

  it('fills {placeholders} with --var, in slash and dot form', async () => {
    for (const path of ['v3/businesscircle/user-authorizations/{openid}', 'v3.businesscircle.user-authorizations.{openid}']) {
      const run = await call([path, '--var', `openid=${OPENID}`, '-q', `appid=${APPID}`]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).openid, OPENID);
      assert.equal(sandbox.lastRequest()!.path, `/v3/businesscircle/user-authorizations/${OPENID}`);
    }
  });

  it('reads --json @file relative to the working folder, and @- from stdin', async () => {
    writeFileSync(join(dir, 'parking.json'), `${JSON.stringify(JSON.parse(PARKING), null, 2)}\n`);
    const file = await call(['v3/businesscircle/parkings', '--json', '@parking.json']);
    assert.deepEqual(file, { code: 0, stdout: '', stderr: '' });
    assert.equal(sandbox.lastRequest()!.text, PARKING, 'sent compact');
    const stdin = await call(['v3/businesscircle/parkings', '--json', '@-'], { input: PARKING });
    assert.deepEqual(stdin, { code: 0, stdout: '', stderr: '' });
  });

  it('sends -H headers and the -X method', async () => {
    const run = await call(['v3/businesscircle/parkings', '--json', PARKING, '-H', 'X-Trace-Id: cli-1', '-X', 'post']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(sandbox.lastRequest()!.headers['x-trace-id'], 'cli-1');
    const put = await call(['v3/businesscircle/parkings', '-X', 'PUT', '--json', '{}']);
    assert.equal(sandbox.lastRequest()!.method, 'PUT');
    assert.equal(put.code, 1, 'the sandbox has no PUT there');
  });

  it('-i prints the status line and headers before the body', async () => {
    const run = await call(['v3/vehicle/parking/services/find', ...FIND_QUERY, '-i']);
    assert.equal(run.code, 0, run.stderr);
    const [head, body] = run.stdout.split('\n\n');
    assert.match(head, /^HTTP\/1\.1 200 OK\n/);
    assert.match(head, /^request-id: \w+$/m);
    assert.match(head, /^wechatpay-serial: PUB_KEY_ID_\d+$/m);
    assert.equal(JSON.parse(body).plate_number, '粤B888888');
    const empty = await call(['v3/businesscircle/parkings', '--json', PARKING, '-i']);
    assert.match(empty.stdout, /^HTTP\/1\.1 204 No Content\n[\s\S]+\n\n$/);
  });

  it('-v shows the request as sent on stderr, with the signature redacted', async () => {
    const run = await call(['v3/businesscircle/parkings', '--json', PARKING, '-v']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const sent = sandbox.lastRequest()!;
    const signature = /signature="([^"]+)"/.exec(String(sent.headers.authorization))![1];
    assert.ok(!run.stderr.includes(signature), 'the real signature never appears');
    assert.ok(!run.stderr.includes(sandbox.secret) && !run.stderr.includes(sandbox.apiv3Key), 'no key appears');
    assert.match(run.stderr, new RegExp(`^\\* configuration: ${config}$`, 'm'));
    assert.match(run.stderr, /^> POST \/v3\/businesscircle\/parkings HTTP\/1\.1$/m);
    assert.match(run.stderr, /^> authorization: WECHATPAY2-SHA256-RSA2048 mchid="1900000100",serial_no="\w+",timestamp="\d+",nonce_str="\w+",signature="\[REDACTED\]"$/m);
    assert.ok(run.stderr.includes(`>\n${PARKING}\n`), 'the body as sent');
    assert.match(run.stderr, /^< HTTP\/1\.1 204 No Content$/m);
    assert.match(run.stderr, /^\* request:start id=1 protocol=v3 method=POST path=\/v3\/businesscircle\/parkings attempt=1$/m);
    assert.match(run.stderr, /^\* request:verified id=1 protocol=v3 method=POST path=\/v3\/businesscircle\/parkings attempt=1 status=204 requestId=\w+ serial=\w+ duration=[\d.]+$/m);
  });
});

describe('wxpay <path>: failures', () => {
  it('a WeChat Pay error: exit 1, its code and message on stderr', async () => {
    const run = await call(['v3/businesscircle/parkings', '--json', '{}']);
    assertFailed(run, 1, /^wxpay: 400 PARAM_ERROR: 业务必填字段brand_id为空 \(POST \/v3\/businesscircle\/parkings, Request-ID \w+\)\n$/);
  });

  it('a WeChat Pay error with -i: the answer on stdout too', async () => {
    const run = await call(['v3/businesscircle/parkings', '--json', '{}', '-i']);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^HTTP\/1\.1 400 Bad Request\n[\s\S]*\n\n\{"code":"PARAM_ERROR","message":"业务必填字段brand_id为空"\}\n$/);
    assert.match(run.stderr, /PARAM_ERROR/);
  });

  it('usage errors: exit 2, nothing sent', async () => {
    assertFailed(await call(['v3/businesscircle/parkings', '--bogus']), 2, /^wxpay: Unknown option '--bogus'\. \(see wxpay --help\)\n$/);
    assertFailed(await call(['v3/businesscircle/parkings', '--json', '{brandid:1}']), 2, /^wxpay: --json is not valid JSON: /);
    assert.equal(sandbox.requests.length, 0);
  });

  it('a network failure: exit 3', async () => {
    const run = await call(['v3/businesscircle/parkings', '--json', PARKING, '--base-uri', `http://127.0.0.1:${closedPort}/`]);
    assertFailed(run, 3, new RegExp(`^wxpay: POST http://127\\.0\\.0\\.1:${closedPort}/v3/businesscircle/parkings failed: .*ECONNREFUSED`));
  });

  it('a timeout: exit 3', async () => {
    sandbox.fault({ kind: 'delay', ms: 2000 });
    const run = await call(['v3/vehicle/parking/services/find', ...FIND_QUERY, '--timeout', '0.2']);
    assertFailed(run, 3, /timed out after 0\.2s/);
  });

  it('an answer that fails verification: exit 3, nothing printed of it', async () => {
    sandbox.fault('bad-signature');
    assertFailed(await call(['v3/vehicle/parking/services/find', ...FIND_QUERY, '-i']), 3, /signature/i);
    sandbox.fault('unknown-serial');
    assertFailed(await call(['v3/vehicle/parking/services/find', ...FIND_QUERY]), 3, /PUB_KEY_ID_0000000000000000000000000000/);
  });
});

describe('wxpay --help and --version', () => {
  it('--help prints the overview on stdout, exit 0', async () => {
    const run = await wxpay(['--help']);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^wxpay \d+\.\d+\.\d+: call the WeChat Pay \(微信支付\) API from the shell\.\n/);
    assert.match(run.stdout, /wxpay sandbox \[options\]/);
  });

  it('-V prints the version alone, exit 0', async () => {
    assert.deepEqual(await wxpay(['-V']), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
