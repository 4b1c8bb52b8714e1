import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseCommandLine } from '../../lib/cli/args.js';
import { requestCommand } from '../../lib/cli/commands/request.js';
import { planRequest, readJsonArgument } from '../../lib/cli/request-plan.js';
import { UsageError } from '../../lib/cli/usage-error.js';

function plan(argv: string[], json?: string) {
  return planRequest(parseCommandLine(requestCommand, argv), json);
}

function usage(message: RegExp) {
  return (e: unknown) => e instanceof UsageError && message.test(e.message);
}

describe('cli: planning a call', () => {
  it('GETs without a body, with the query and headers given', () => {
    const p = plan(['v3.vehicle.parking.services.find', '-q', 'plate_number=粤B888888', '-q', 'appid=wx1', '-H', 'X-Trace: 1']);
    assert.equal(p.method, 'GET');
    assert.equal(p.path, 'v3/vehicle/parking/services/find');
    assert.equal(p.protocol, 'v3');
    assert.deepEqual(p.options, { query: { plate_number: '粤B888888', appid: 'wx1' }, headers: { 'X-Trace': '1' } });
    assert.equal(p.include, false);
    assert.equal(p.verbose, false);
  });

  it('POSTs a JSON body, sent compact with its literals as written', () => {
    const p = plan(['v3/businesscircle/parkings', '--json', 'x', '-i', '-v'], ' {\n "brandid": 10000000000000000001, "state": "IN" }\n');
    assert.equal(p.method, 'POST');
    assert.deepEqual(p.options, { body: '{"brandid":10000000000000000001,"state":"IN"}' });
    assert.equal(p.include, true);
    assert.equal(p.verbose, true);
  });

  it('takes -X in any case', () => {
    assert.equal(plan(['v3/x/y', '-X', 'delete']).method, 'DELETE');
    assert.equal(plan(['v3/x/y', '-X', 'PATCH'], '{}').method, 'PATCH');
    assert.throws(() => plan(['v3/x/y', '-X', 'FETCH']), usage(/^-X takes GET, POST, PUT, PATCH, DELETE; got "FETCH"\.$/));
  });

  it('fills placeholders from --var, never over a request option', () => {
    const p = plan(['v3/businesscircle/user-authorizations/{openid}', '--var', 'openid=o1', '-q', 'appid=wx1']);
    assert.deepEqual(p.options, { openid: 'o1', query: { appid: 'wx1' } });
    assert.throws(() => plan(['v3/x/{json}', '--var', 'json=1']), usage(/--var json: that name is a request option/));
  });

  it('sends APIv2 data with --xml', () => {
    const p = plan(['v2/vehicle/pay/notification', '--xml', 'appid=wx1', '--xml', 'mch_id=1900000100']);
    assert.equal(p.method, 'POST');
    assert.equal(p.protocol, 'v2');
    assert.deepEqual(p.options, { xml: { appid: 'wx1', mch_id: '1900000100' } });
  });

  it('takes a timeout in seconds, 0 for none', () => {
    assert.deepEqual(plan(['v3/x/y', '--timeout', '2.5']).options, { timeout: 2.5 });
    assert.deepEqual(plan(['v3/x/y', '--timeout', '0']).options, { timeout: 0 });
    assert.throws(() => plan(['v3/x/y', '--timeout=-1']), usage(/--timeout takes a number of seconds/));
    assert.throws(() => plan(['v3/x/y', '--timeout', 'soon']), UsageError);
  });

  it('refuses contradictions and malformed input', () => {
    assert.throws(() => plan([]), usage(/^Give the API path to call/));
    assert.throws(() => plan(['v3/x/y', 'v3/z/w']), usage(/One path per call; unexpected "v3\/z\/w"/));
    assert.throws(() => plan(['v3/x/y', '--xml', 'a=1'], '{}'), usage(/not both/));
    assert.throws(() => plan(['v3/x/y', '--xml', 'a=1']), usage(/--xml is for APIv2 paths/));
    assert.throws(() => plan(['v2/x/y'], '{}'), usage(/--json is for APIv3 paths/));
    assert.throws(() => plan(['v3/x/y'], '{brandid: 1}'), usage(/^--json is not valid JSON: /));
    assert.throws(() => plan(['v3/x/y', '-q', 'plate_number']), usage(/-q takes name=value/));
  });
});

describe('cli: the --json argument', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxpay-cli-json-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const stdin = async () => Buffer.from('{"from":"stdin"}');

  it('is the text itself, a file with @file (relative to the working folder), or stdin with @-', async () => {
    writeFileSync(join(dir, 'body.json'), '{"from":"file"}');
    assert.equal(await readJsonArgument('{"a":1}', dir, '/h', stdin), '{"a":1}');
    assert.equal(await readJsonArgument('@body.json', dir, '/h', stdin), '{"from":"file"}');
    assert.equal(await readJsonArgument(`@${join(dir, 'body.json')}`, '/elsewhere', '/h', stdin), '{"from":"file"}');
    assert.equal(await readJsonArgument('@-', dir, '/h', stdin), '{"from":"stdin"}');
  });

  it('says which file cannot be read', async () => {
    await assert.rejects(readJsonArgument('@missing.json', dir, '/h', stdin), usage(/^--json @missing\.json: cannot read .*missing\.json: no such file\.$/));
  });
});
