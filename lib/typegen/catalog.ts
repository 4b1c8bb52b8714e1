import { banner, catalogFiles, typedOperations } from './generate.js';
import { exampleCall, exampleOptions } from './emit-examples.js';
import type { ApiModel, OperationModel } from './model.js';

/** What wrote the SDK's generated files. */
export const CATALOG_GENERATOR = 'npm run typegen (lib/typegen) from catalog/wechatpay-openapi.json';
/** The compact copy of the catalogue kept in the repository. */
export const CATALOG_COPY = 'catalog/wechatpay-openapi.json';
/** The generated calls of every typed operation with its examples (typechecked by `npm run typecheck`). */
export const CATALOG_CALLS = 'spec/types/generated/catalog-calls.ts';

/**
 * The catalogue's operations on other hosts under other paths (`hk/…`, `global/…`): left out of the chain's types,
 * as their catalogue paths are not the paths sent.
 */
export function otherHost(op: OperationModel): boolean {
  return op.path.startsWith('hk/') || op.path.startsWith('global/');
}

/** The compact copy as text: one schema or operation per line, so a catalogue update reads well as a diff. */
export function serializeModel(model: ApiModel): string {
  const schemas = Object.entries(model.schemas).map(([name, schema]) => `    ${JSON.stringify(name)}: ${JSON.stringify(schema)}`);
  const operations = model.operations.map((op) => `    ${JSON.stringify(op)}`);
  return `{\n  "source": ${JSON.stringify(model.source)},\n  "schemas": {\n${schemas.join(',\n')}\n  },\n  "operations": [\n${operations.join(',\n')}\n  ]\n}\n`;
}

/** Every file generated from the compact copy, by path relative to the repository. */
export function catalogOutputs(model: ApiModel): Record<string, string> {
  const files = catalogFiles(model, CATALOG_GENERATOR, otherHost);
  const operations = typedOperations(model).typed.filter((op) => !otherHost(op));
  const calls = operations.map((op, index) => `    ${exampleCall(op, index, exampleOptions(op, model))},\n`);
  files[CATALOG_CALLS] = `${banner(CATALOG_GENERATOR)}import type { Root } from '../../../lib/index.js';\n\n` +
    `/** Every typed operation of the catalogue, called with the catalogue's own examples: typechecked, never run. */\n` +
    `export function catalogCalls(wxpay: Root): readonly Promise<unknown>[] {\n  return [\n${calls.join('')}  ];\n}\n`;
  return files;
}
