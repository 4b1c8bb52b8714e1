// A user's project compiled by tsc against the built package (dist/), for bench/typecheck.mjs (run under tsx) and the
// specs (spec/types/consumer.spec.ts, spec/typegen): `node_modules/wechatpay-ts` links to a package folder.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** The compiler settings of the three module systems a user may have. */
export const MODULE_MODES: Readonly<Record<'nodenext' | 'node16' | 'bundler', Readonly<Record<string, string>>>> = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
};

/** The strictest flags the typed chain must compile under. */
export const STRICT: Readonly<Record<string, boolean>> = { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true };

/** `count` calls of the catalogue's generated example calls, spread over the whole catalogue. */
export function sampleCalls(count: number): string[] {
  const lines = readFileSync(join(ROOT, 'spec/types/generated/catalog-calls.ts'), 'utf8').split('\n').filter((line) => line.startsWith('    wxpay'));
  const step = Math.max(1, Math.floor(lines.length / count));
  return lines.filter((_, i) => i % step === 0).slice(0, count);
}

/** The source of a user's file making those calls. */
export function callsFile(calls: readonly string[]): string {
  return `import type { Root } from 'wechatpay-ts';\n\nexport function calls(wxpay: Root): readonly Promise<unknown>[] {\n  return [\n${calls.join('\n')}\n  ];\n}\n`;
}

/**
 * A package folder like the published one (package.json and dist/) whose generated catalogue declarations are
 * empty: the package "without the generated declarations", for comparison.
 */
export function untypedPackage(into: string): string {
  rmSync(into, { recursive: true, force: true });
  mkdirSync(into, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(into, 'package.json'));
  cpSync(join(ROOT, 'dist'), join(into, 'dist'), { recursive: true, filter: (src: string) => !src.endsWith('.map') && !src.endsWith('.js') });
  const generated = join(into, 'dist', 'generated', 'catalog');
  writeFileSync(join(generated, 'endpoints.d.ts'), 'export interface CatalogEndpoints {\n}\n');
  writeFileSync(join(generated, 'tree.d.ts'), 'export interface CatalogTree {\n}\n');
  writeFileSync(join(generated, 'schemas.d.ts'), 'export {};\n');
  return into;
}

/** A consumer project in `dir` over the package at `packageDir`, with `source` as its one file. */
export function consumerProject(dir: string, packageDir: string, source: string, compilerOptions: Readonly<Record<string, unknown>>): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(packageDir, join(dir, 'node_modules', 'wechatpay-ts'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'calls.ts'), source);
  const options = { target: 'es2023', lib: ['es2023'], types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')], noEmit: true, skipLibCheck: true, ...compilerOptions };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['calls.ts'] }, null, 2));
  return dir;
}

/** What one tsc run reported. */
export interface TypecheckResult {
  status: number;
  errors: string[];
  totalSeconds: number;
  checkSeconds: number;
  memoryKb: number;
}

/** Runs tsc on a project: its diagnostics text, exit status, and `--extendedDiagnostics` numbers. */
export function typecheck(dir: string): TypecheckResult {
  let output = '';
  let status = 0;
  try {
    output = execFileSync(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--extendedDiagnostics'], { encoding: 'utf8', cwd: dir });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; status?: number | null };
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    status = failed.status ?? 1;
  }
  const number = (label: string): number => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output)?.[1] ?? NaN);
  return {
    status,
    errors: output.split('\n').filter((line) => /error TS\d+/.test(line)),
    totalSeconds: number('Total time'),
    checkSeconds: number('Check time'),
    memoryKb: number('Memory used'),
  };
}
