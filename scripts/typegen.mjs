#!/usr/bin/env node
// `npm run typegen`: reads the WeChat Pay catalogue (Swagger 2.0 YAML, default ../shared/catalog; `--catalog DIR`
// to change) into the compact copy catalog/wechatpay-openapi.json (with its LICENSE), then writes the declarations
// in lib/generated/catalog/ and the example calls from that copy. `--from-copy` regenerates from the committed copy
// only (no catalogue needed); `--check` writes nothing and fails when a file would change.
// Runs under tsx (`node --import tsx`), as it imports lib/typegen's TypeScript.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { CATALOG_COPY, catalogOutputs, serializeModel } from '../lib/typegen/catalog.ts';
import { fileReader } from '../lib/typegen/load.ts';
import { readDescriptions } from '../lib/typegen/read-description.ts';

const { values } = parseArgs({ options: { catalog: { type: 'string' }, 'from-copy': { type: 'boolean' }, check: { type: 'boolean' } } });
const root = resolve(import.meta.dirname, '..');
const outputs = {};

if (values['from-copy'] !== true) {
  const catalog = resolve(values.catalog ?? join(root, '..', 'shared', 'catalog'));
  const docs = join(catalog, 'wechatpay-openapi', 'docs');
  const license = join(catalog, 'wechatpay-openapi', 'LICENSE');
  if (!existsSync(docs)) {
    console.error(`typegen: no catalogue at ${docs}; pass --catalog DIR, or --from-copy to regenerate from ${CATALOG_COPY}.`);
    process.exit(2);
  }
  const readme = readFileSync(join(catalog, 'README.md'), 'utf8');
  const commit = /commit ([0-9a-f]{7,40})/.exec(readme)?.[1] ?? 'unknown';
  const copyright = readFileSync(license, 'utf8').split('\n').find((line) => line.startsWith('Copyright')) ?? '';
  const source = `TheNorthMemory/wechatpay-openapi (commit ${commit}), MIT License, ${copyright}; see catalog/LICENSE. ` +
    'Kept: paths, verbs, field names, types, enums, required lists, examples, titles, short labels and links.';
  const model = readDescriptions([join(docs, 'swagger.yaml')], fileReader(parse), { source, pathsFromFiles: true });
  for (const op of model.operations) op.path = op.path.split('\\').join('/');
  outputs[CATALOG_COPY] = serializeModel(model);
  outputs['catalog/LICENSE'] = readFileSync(license, 'utf8');
}
const copyText = outputs[CATALOG_COPY] ?? readFileSync(join(root, CATALOG_COPY), 'utf8');
Object.assign(outputs, catalogOutputs(JSON.parse(copyText)));

let changed = 0;
for (const [file, text] of Object.entries(outputs)) {
  const path = join(root, file);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (before === text) continue;
  changed += 1;
  if (values.check === true) {
    console.error(`typegen: ${file} is out of date`);
    continue;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`typegen: wrote ${file} (${text.length} characters)`);
}
if (values.check === true && changed > 0) process.exit(1);
console.log(`typegen: ${changed === 0 ? 'everything up to date' : `${changed} file(s) ${values.check === true ? 'out of date' : 'written'}`}`);
