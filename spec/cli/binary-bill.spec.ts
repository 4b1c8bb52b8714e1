// `wxpay bill` as a user runs it: the built binary in a child process (piped, so no progress bar), against a
// sandbox in this process.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Builder, Formatter, requestBill } from '../../lib/index.js';
import { createTestPki, Sandbox } from '../../lib/sandbox/index.js';
import { assertFailed, scratch, writeSandboxConfig, wxpay, type Run } from './helpers.js';

const dir = scratch('bill');
const DATE = '2024-03-01';
let sandbox: Sandbox;
let config: string;

before(async () => {
  sandbox = await Sandbox.start({ pki: createTestPki() });
  config = writeSandboxConfig(sandbox, join(dir, 'config'));
});
after(() => sandbox.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.state.billCorrupt = false;
});

function bill(args: string[]): Promise<Run> {
  return wxpay(['bill', ...args, '--config', config], { cwd: dir });
}

/** The `hash_value` the sandbox announces for a bill (its bills are deterministic), asked through the SDK. */
async function announced(type: 'tradebill' | 'fundflowbill', query: Record<string, string>): Promise<string> {
  const client = Builder.factory(sandbox.clientConfig());
  try {
    return (await requestBill(client, { type, query })).hash_value;
  } finally {
    await client.getDriver().close();
  }
}

function sha1(bytes: Buffer | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

describe('wxpay bill: success', () => {
  it('-o FILE: requests, downloads and checks the bill, and says where it went', async () => {
    const run = await bill(['tradebill', '--date', DATE, '-o', 'trade.csv']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const path = join(dir, 'trade.csv');
    assert.match(run.stderr, new RegExp(`^wxpay: tradebill of ${DATE} saved to ${path} \\(\\d+\\.\\d KiB, SHA1 checked\\)\\n$`));
    const { rows, summary } = Formatter.castCsvBill(readFileSync(path));
    assert.equal(rows.length, Number(summary['总交易单数']));
    assert.equal(rows[0]?.['交易时间']?.slice(0, 10), DATE);
    assert.deepEqual(sandbox.requests.map(({ path: called, query }) => [called, query]), [
      ['/v3/bill/tradebill', { bill_date: DATE }],
      ['/v3/billdownload/file', sandbox.requests[1]?.query],
    ]);
    assert.equal(sha1(readFileSync(path)), await announced('tradebill', { bill_date: DATE }));
  });

  it('stdout: the bill byte for byte, no progress bar when piped; --gzip and -q go into the request', async () => {
    const run = await bill(['fundflowbill', '--date', DATE, '--gzip', '-q', 'account_type=OPERATION']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', 'no progress bar, no notice');
    assert.deepEqual(sandbox.requests[0]?.query, { bill_date: DATE, account_type: 'OPERATION', tar_type: 'GZIP' });
    const { rows, summary } = Formatter.castCsvBill(run.stdout);
    assert.equal(rows.length, Number(summary['资金流水总笔数']));
    assert.equal(sha1(run.stdout), await announced('fundflowbill', { bill_date: DATE, account_type: 'OPERATION' }));
    const saved = await bill(['fundflowbill', '--date', DATE, '-q', 'account_type=OPERATION', '-o', 'fundflow.csv']);
    assert.equal(saved.code, 0, saved.stderr);
    assert.equal(sha1(run.stdout), sha1(readFileSync(join(dir, 'fundflow.csv'))), 'the same bill either way');
  });
});

describe('wxpay bill: failures', () => {
  it('a digest mismatch exits 3 and leaves nothing: no file, no partial file, nothing on stdout', async () => {
    sandbox.state.billCorrupt = true;
    const before = readdirSync(dir);
    assertFailed(await bill(['tradebill', '--date', DATE, '-o', 'corrupt.csv']), 3, /^wxpay: The SHA1 digest of the \d+ bytes downloaded is [0-9a-f]{40}, but WeChat Pay announced [0-9a-f]{40}: the file is incomplete or corrupted\./);
    assert.equal(existsSync(join(dir, 'corrupt.csv')), false);
    assert.deepEqual(readdirSync(dir), before, 'no partial file either');
    assertFailed(await bill(['tradebill', '--date', DATE, '--gzip']), 3, /digest/);
  });

  it('WeChat Pay refusing the request exits 1 with its code', async () => {
    assertFailed(await bill(['tradebill', '--date', '2099-01-01']), 1, /NO_STATEMENT_EXIST/);
    assertFailed(await bill(['tradebill', '--date', DATE, '-q', 'bill_type=NOPE']), 1, /PARAM_ERROR/);
  });

  it('usage errors exit 2 and send nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--date', DATE], /^wxpay: Give bill type: tradebill, fundflowbill\. \(see wxpay bill --help\)/],
      [['nope', '--date', DATE], /Unknown bill type "nope": one of tradebill, fundflowbill\./],
      [['tradebill', 'fundflowbill', '--date', DATE], /takes one bill type; unexpected "fundflowbill"/],
      [['tradebill'], /Give the bill's day: --date yyyy-MM-dd/],
      [['tradebill', '--date', '2024-02-30'], /--date takes a day written yyyy-MM-dd, e\.g\. 2026-11-21; got "2024-02-30"/],
      [['tradebill', '--date', '20240301'], /--date takes a day/],
      [['tradebill', '--date', DATE, '-q', 'bill_date=2024-03-02'], /-q bill_date: give it with --date instead\./],
      [['tradebill', '--date', DATE, '-q', 'tar_type=GZIP'], /-q tar_type: give it with --gzip instead\./],
      [['tradebill', '--date', DATE, '-q', 'nope'], /-q takes name=value/],
      [['tradebill', '--date', DATE, '-o', 'missing/bill.csv'], /-o missing\/bill\.csv: the folder \S+missing does not exist\./],
      [['tradebill', '--date', DATE, '-o', 'config'], /-o config is a folder: give the bill's file name, e\.g\. -o config\/bill\.csv\./],
      [['tradebill', '--date', DATE, '--timeout', 'soon'], /--timeout takes a number of seconds/],
    ];
    for (const [args, message] of cases) assertFailed(await bill(args), 2, message);
    assert.equal(sandbox.requests.length, 0);
  });
});
