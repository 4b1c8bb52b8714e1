import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { MESSAGES, format } from '../../lib/errors/messages.js';

// No error message may show an unfilled placeholder: a PHP variable name (`$thing`), a `{name}` template leftover,
// a printf `%s`, or a `%1$s` that its `format()` call does not fill. The scan reads every message text in lib/: the
// strings (and the literal parts of template strings) inside `throw`, `new …Error(…)`, calls of …Error functions,
// and UPPER_CASE constants (message templates such as MESSAGES).
const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const PLACEHOLDERS: [string, RegExp][] = [
  ['a PHP variable', /(?<!%\d+)\$(?!\{)[A-Za-z_]/],
  ['a {name} template leftover', /\{[A-Za-z_][\w.]*\}/],
  ['a printf placeholder', /%[sdif](?![a-z])/],
];

function calleeName(node: ts.Expression): string {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  return '';
}

/**
 * Whether a string node is message text: inside a throw, an error construction or call, or an UPPER_CASE constant
 * (not a list of names: an element of an array is not a message).
 */
function isMessage(node: ts.Node): boolean {
  let listed = false;
  for (let at: ts.Node | undefined = node.parent; at !== undefined; at = at.parent) {
    if (ts.isThrowStatement(at)) return true;
    if ((ts.isNewExpression(at) || ts.isCallExpression(at)) && /Error$|^keyFileError$/.test(calleeName(at.expression))) return true;
    if (ts.isArrayLiteralExpression(at)) listed = true;
    if ((ts.isVariableDeclaration(at) || ts.isPropertyAssignment(at)) && ts.isIdentifier(at.name) && /^[A-Z][A-Z0-9_]+$/.test(at.name.text)) return !listed;
    if (ts.isFunctionLike(at) || ts.isSourceFile(at)) return false;
  }
  return false;
}

/** The message texts of a source, with their line numbers, and every `format(MESSAGES.X, …)` call. */
export function scan(fileName: string, text: string): { texts: { line: number; text: string }[]; formats: { line: number; key: string; args: number; spread: boolean }[] } {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const texts: { line: number; text: string }[] = [];
  const formats: { line: number; key: string; args: number; spread: boolean }[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
  const visit = (node: ts.Node): void => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && isMessage(node)) {
      texts.push({ line: lineOf(node), text: node.text });
    }
    if (ts.isCallExpression(node) && calleeName(node.expression) === 'format') {
      const [template, ...rest] = node.arguments;
      if (template !== undefined && ts.isPropertyAccessExpression(template) && calleeName(template.expression) === 'MESSAGES') {
        formats.push({ line: lineOf(node), key: template.name.text, args: rest.length, spread: rest.some(ts.isSpreadElement) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { texts, formats };
}

function problems(fileName: string, text: string): string[] {
  const { texts, formats } = scan(fileName, text);
  const found = texts.flatMap(({ line, text: message }) =>
    PLACEHOLDERS.filter(([, pattern]) => pattern.test(message.replace(/%\d+\$s/g, ''))).map(([what]) => `${fileName}:${String(line)}: ${what} in ${JSON.stringify(message)}`),
  );
  for (const call of formats) {
    const template = (MESSAGES as Record<string, string>)[call.key];
    if (template === undefined) {
      found.push(`${fileName}:${String(call.line)}: format(MESSAGES.${call.key}) names no template`);
      continue;
    }
    const needed = Math.max(0, ...[...template.matchAll(/%(\d+)\$s/g)].map((m) => Number(m[1])));
    if (!call.spread && call.args < needed) found.push(`${fileName}:${String(call.line)}: MESSAGES.${call.key} needs ${String(needed)} values, format() gets ${String(call.args)}`);
  }
  return found;
}

describe('error messages have no unfilled placeholder', () => {
  it('the scan finds what it looks for (a message with each kind of leftover)', () => {
    const bad = [
      "throw new CryptoError('Cannot load from(string), please take care about the $thing input.');",
      'const NOT_FOUND = `The entry {serial} is missing`;',
      "function f(x: string) { throw new Error(`got %s for ${x}`); }",
      "const m = () => new ConfigError('certs', format(MESSAGES.ERR_INIT_CERTS_EXCLUDE_MCHSERIAL, 'a'));",
    ].join('\n');
    assert.equal(problems('sample.ts', bad).length, 4, problems('sample.ts', bad).join('\n'));
    assert.deepEqual(problems('fine.ts', "const A = 'costs $'; throw new Error(`ok ${'x'} { a, b }`);"), []);
  });

  it('every message text in lib/', () => {
    const files = sources(join(root, 'lib'));
    assert.ok(files.length > 100);
    let scanned = 0;
    const found = files.flatMap((path) => {
      const text = readFileSync(path, 'utf8');
      scanned += scan(path, text).texts.length;
      return problems(relative(root, path), text);
    });
    assert.ok(scanned > 100, `only ${String(scanned)} message texts found`);
    assert.deepEqual(found, []);
  });

  it('every MESSAGES template is filled by format() with as many values as it has placeholders', () => {
    for (const [key, template] of Object.entries(MESSAGES)) {
      const count = new Set([...template.matchAll(/%(\d+)\$s/g)].map((m) => m[1])).size;
      const filled = format(template, ...Array.from({ length: count }, (_, i) => `v${String(i + 1)}`));
      assert.doesNotMatch(filled, /%\d+\$s/, key);
      for (let i = 1; i <= count; i++) assert.ok(filled.includes(`v${String(i)}`), `${key} shows value ${String(i)}`);
    }
  });
});
