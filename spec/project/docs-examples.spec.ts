import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

// Every ```ts example block in docs/*.md is a complete program: it is run here against the built package
// (imported as 'wechatpay-ts' through the package's own exports map), and must exit 0 without printing errors.
const root = join(import.meta.dirname, '..', '..');
// Inside the package (so 'wechatpay-ts' resolves to it), one folder per run (so concurrent runs don't collide).
const scratch = mkdtempSync(join(root, 'spec', '.docs-examples-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function examples(file: string): string[] {
  const text = readFileSync(join(root, 'docs', file), 'utf8');
  return [...text.matchAll(/```ts example\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();

describe('docs examples run', () => {
  it('there are examples to run', () => {
    assert.ok(docs.flatMap(examples).length >= 6);
  });

  for (const doc of docs) {
    examples(doc).forEach((code, index) => {
      it(`${doc} example ${index + 1}`, () => {
        const file = join(scratch, `${doc.replace('.md', '')}-${index + 1}.mts`);
        writeFileSync(file, code);
        const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
        assert.equal(run.status, 0, `exit ${run.status}\n${run.stdout}\n${run.stderr}`);
        assert.doesNotMatch(run.stdout, /undefined|NaN|\[object Object\]/, run.stdout);
      });
    });
  }
});
