import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

// Every ```ts example block in README.md and docs/*.md is a complete program: it is run here against the built
// package (imported as 'wechatpay-ts' through the package's own exports map), and must exit 0 without printing
// errors. README's blocks (all of them are examples) are also typechecked, as a user's TypeScript project would.
const root = join(import.meta.dirname, '..', '..');
// Inside the package (so 'wechatpay-ts' resolves to it), one folder per run (so concurrent runs don't collide).
const scratch = mkdtempSync(join(root, 'spec', '.docs-examples-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function examples(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/```ts example\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Where an example is written: `docs/v2.md` example 1 → `v2-1.mts`, README.md example 1 → `README-1.mts`. */
function exampleFile(doc: string, index: number): string {
  return join(scratch, `${doc.replace(/^docs\//, '').replace('.md', '')}-${String(index + 1)}.mts`);
}

const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];

describe('docs examples run', () => {
  it('there are examples to run', () => {
    assert.ok(docs.flatMap(examples).length >= 6);
  });

  it('README.md: every ts block is an example (so every one runs)', () => {
    const text = readFileSync(join(root, 'README.md'), 'utf8');
    const blocks = [...text.matchAll(/```ts[^\n]*\n/g)].length;
    assert.ok(blocks >= 3);
    assert.equal(examples('README.md').length, blocks);
  });

  it('README.md: its examples typecheck (strict, module nodenext)', () => {
    const files = examples('README.md').map((code, index) => {
      const file = exampleFile('README.md', index);
      writeFileSync(file, code);
      return file;
    });
    const compilerOptions = { target: 'es2023', lib: ['es2023'], module: 'nodenext', moduleResolution: 'nodenext', types: ['node'], strict: true, noEmit: true, skipLibCheck: true };
    const config = join(scratch, 'tsconfig.readme.json');
    writeFileSync(config, JSON.stringify({ compilerOptions, files }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    assert.equal(tsc.status, 0, `${tsc.stdout}\n${tsc.stderr}`);
  });

  for (const doc of docs) {
    examples(doc).forEach((code, index) => {
      it(`${doc} example ${String(index + 1)}`, () => {
        const file = exampleFile(doc, index);
        writeFileSync(file, code);
        const run = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8', timeout: 60_000 });
        assert.equal(run.status, 0, `exit ${String(run.status)}\n${run.stdout}\n${run.stderr}`);
        assert.doesNotMatch(run.stdout, /undefined|NaN|\[object Object\]/, run.stdout);
      });
    });
  }
});
