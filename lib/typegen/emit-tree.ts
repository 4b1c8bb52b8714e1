import { docComment, propertyName } from './emit-type.js';
import type { OperationModel } from './model.js';
import { accessKeys } from './segments.js';

/**
 * The body of the `CatalogTree` interface: for each node of the chain (by path, `''` for the root), the property
 * names that lead to its children, each typed `NodeAt<'child/path'>`. Endpoints are documented with their titles.
 */
export function treeBody(operations: readonly OperationModel[], indent: string): string {
  const titles = new Map<string, string[]>();
  for (const op of operations) titles.set(op.path, [...(titles.get(op.path) ?? []), `${op.method.toUpperCase()}: ${op.title ?? op.path}`]);
  const children = new Map<string, Map<string, string>>();
  for (const path of titles.keys()) {
    let parent = '';
    for (const segment of path.split('/')) {
      const keys = accessKeys(segment);
      if (keys.length === 0) break;
      const childPath = parent === '' ? segment : `${parent}/${segment}`;
      const map = children.get(parent) ?? new Map<string, string>();
      for (const key of keys) map.set(key, childPath);
      children.set(parent, map);
      parent = childPath;
    }
  }
  const inner = `${indent}  `;
  let out = '';
  for (const parent of [...children.keys()].sort()) {
    out += `${indent}${JSON.stringify(parent)}: {\n`;
    for (const [key, childPath] of children.get(parent) ?? []) {
      out += `${docComment([(titles.get(childPath) ?? []).join('; ')], inner)}${inner}${propertyName(key)}: NodeAt<${JSON.stringify(childPath)}>;\n`;
    }
    out += `${indent}};\n`;
  }
  return out;
}
