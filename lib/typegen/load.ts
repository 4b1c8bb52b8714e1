import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, resolve } from 'node:path';
import { TypegenError } from '../errors/typegen-error.js';
import type { DocumentReader } from './refs.js';

/** A YAML parser's `parse`, such as the `yaml` package's. */
export type YamlParse = (text: string) => unknown;

const YAML_FILE = /\.ya?ml$/i;

/**
 * The optional `yaml` package's `parse`, when it is installed; `undefined` otherwise. The SDK depends on it only
 * for development (`npm run typegen`): `wxpay typegen` reads JSON by itself and YAML once `yaml` is installed.
 */
export function optionalYaml(): YamlParse | undefined {
  try {
    const required = createRequire(join(process.cwd(), 'noop.js'));
    const fromHere = createRequire(import.meta.url);
    let mod: unknown;
    try {
      mod = required('yaml');
    } catch {
      mod = fromHere('yaml');
    }
    const parse = (mod as { parse?: unknown }).parse;
    return typeof parse === 'function' ? (text: string) => (parse as YamlParse)(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads JSON files, and YAML files through `yaml` when given; every failure names the file. */
export function fileReader(yaml: YamlParse | undefined): DocumentReader {
  return (file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new TypegenError(file, '', `cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}).`, { cause });
    }
    if (YAML_FILE.test(file)) {
      if (yaml === undefined) {
        throw new TypegenError(file, '', 'is YAML: install the `yaml` package (`npm install --save-dev yaml`) or convert the file to JSON.');
      }
      try {
        return yaml(text);
      } catch (cause) {
        throw new TypegenError(file, '', `is not valid YAML: ${(cause as Error).message.split('\n')[0] ?? ''}`, { cause });
      }
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new TypegenError(file, '', `is not valid JSON: ${(cause as Error).message}`, { cause });
    }
  };
}

/**
 * The root descriptions a path names: the file itself, or every `.json`/`.yaml`/`.yml` file of a folder (not its
 * subfolders) whose top level says `swagger:` or `openapi:`; the others are read only when a `$ref` leads there.
 */
export function rootFiles(path: string, read: DocumentReader): string[] {
  const full = resolve(path);
  let stats;
  try {
    stats = statSync(full);
  } catch (cause) {
    throw new TypegenError(full, '', 'does not exist.', { cause });
  }
  if (!stats.isDirectory()) return [full];
  const files = readdirSync(full)
    .filter((name) => ['.json', '.yaml', '.yml'].includes(extname(name).toLowerCase()))
    .sort()
    .map((name) => join(full, name))
    .filter((file) => {
      const doc = read(file);
      return typeof doc === 'object' && doc !== null && ('swagger' in doc || 'openapi' in doc);
    });
  if (files.length === 0) throw new TypegenError(full, '', 'holds no Swagger 2.0 or OpenAPI 3 description (a .json/.yaml file with `swagger:` or `openapi:`).');
  return files;
}
