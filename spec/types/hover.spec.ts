import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

// What an editor shows when hovering a typed call: the TypeScript language service over a file that is never on disk.
const ROOT = join(import.meta.dirname, '..', '..');
const file = join(ROOT, 'spec', 'types', '__hover__.ts');
const source = `import type { Root } from '../../lib/index.js';
export async function f(wxpay: Root) {
  await wxpay.v3.pay.transactions.native.post({ json: { appid: 'wx1' } as never, headers: { 'Wechatpay-Serial': 'x' } });
  const res = await wxpay.v3.vehicle.parking.services.find.get({ query: { appid: 'a', sub_mchid: 'b', plate_number: 'c', plate_color: 'BLUE', openid: 'd' } });
  return res.json().service_state;
}
`;
const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
assert.ok(config);
const service = ts.createLanguageService({
  getScriptFileNames: () => [file],
  getScriptVersion: () => '1',
  getScriptSnapshot: (name) => (name === file ? ts.ScriptSnapshot.fromString(source) : ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(readFileSync(name, 'utf8')) : undefined),
  getCurrentDirectory: () => ROOT,
  getCompilationSettings: () => config.options,
  getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
  fileExists: (name) => name === file || ts.sys.fileExists(name),
  readFile: (name) => (name === file ? source : ts.sys.readFile(name)),
});

function hover(word: string): string {
  const info = service.getQuickInfoAtPosition(file, source.indexOf(word) + 1);
  assert.ok(info, `quick info for ${word}`);
  return [ts.displayPartsToString(info.documentation), ...(info.tags ?? []).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`)].join('\n');
}

describe('hovering a typed call shows the catalogue facts', () => {
  it('a node: the titles of its operations; a verb: its title, method, path and official pages; an answer field: its label', () => {
    assert.equal(hover('native'), 'POST: Native下单API');
    const post = hover('post(');
    assert.match(post, /^Native下单API — `POST \/v3\/pay\/transactions\/native`/);
    assert.match(post, /@see \{@link https:\/\/pay\.weixin\.qq\.com\/doc\/v3\/merchant\/4012525171\}/);
    assert.equal(hover('service_state;'), '车牌服务开通状态');
    assert.equal(hover('plate_color'), '车牌颜色');
  });
});
