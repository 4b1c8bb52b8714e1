import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { VERSION } from '../../lib/index.js';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('the built package', () => {
  it('loads with ESM import', () => {
    const run = node(['--input-type=module', '-e', "import { Builder, Rsa, Transformer, VERSION } from 'wechatpay-ts'; import { Sandbox } from 'wechatpay-ts/sandbox'; console.log(typeof Builder.factory, typeof Rsa.from, typeof Transformer.toXml, typeof Sandbox.start, VERSION);"]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), `function function function function ${pkg.version}`);
  });

  it('loads with CJS require()', () => {
    const run = node(['--input-type=commonjs', '-e', "const { Builder, Rsa, VERSION } = require('wechatpay-ts'); const { Sandbox } = require('wechatpay-ts/sandbox'); console.log(typeof Builder.factory, typeof Rsa.from, typeof Sandbox.start, VERSION);"]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), `function function function ${pkg.version}`);
  });

  it('VERSION matches package.json', () => {
    assert.equal(VERSION, pkg.version);
  });

  it('has exactly the three runtime dependencies, undici on ^7', () => {
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['fast-xml-parser', 'tweetnacl-util', 'undici']);
    assert.match(pkg.dependencies.undici, /^\^7\./);
  });
});
