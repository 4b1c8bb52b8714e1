import { dirname, resolve } from 'node:path';
import { TypegenError } from '../errors/typegen-error.js';
import { isRecord } from '../is-record.js';

/** Reads one description file (JSON or YAML) into plain data; throws a `TypegenError` naming the file. */
export type DocumentReader = (file: string) => unknown;

/** A place in a description: its file and a JSON pointer inside it (`#/paths/~1v3~1pets`). */
export interface Location {
  readonly file: string;
  readonly pointer: string;
}

/** A JSON pointer's token, escaped (`/` → `~1`, `~` → `~0`). */
export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The location of a child. */
export function child(at: Location, token: string | number): Location {
  return { file: at.file, pointer: `${at.pointer === '' ? '#' : at.pointer}/${escapeToken(String(token))}` };
}

/**
 * Follows `$ref`s across files, in both styles the catalogue uses: `Other.yaml#/Name` (a JSON pointer) and
 * `Other.yaml#Name` (a bare name), as well as the usual `#/definitions/Name` and `#/components/schemas/Name`.
 */
export class RefResolver {
  readonly #read: DocumentReader;
  readonly #documents = new Map<string, unknown>();

  constructor(read: DocumentReader) {
    this.#read = read;
  }

  /** The parsed file, read once. */
  document(file: string): unknown {
    if (!this.#documents.has(file)) this.#documents.set(file, this.#read(file));
    return this.#documents.get(file);
  }

  /** Where `ref`, written at `from`, points. */
  target(ref: string, from: Location): Location {
    const hash = ref.indexOf('#');
    const path = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const file = path === '' ? from.file : resolve(dirname(from.file), decodeURI(path));
    const tokens = fragment.replace(/^\//, '').split('/').filter((token) => token !== '');
    return { file, pointer: tokens.length === 0 ? '' : `#/${tokens.map((token) => escapeToken(decodeToken(token))).join('/')}` };
  }

  /** The value at a location. @throws TypegenError when nothing is there. */
  at(location: Location, ref: string, from: Location): unknown {
    let node = this.document(location.file);
    for (const token of location.pointer.replace(/^#\/?/, '').split('/').filter((t) => t !== '')) {
      const key = decodeToken(token);
      if (!isRecord(node) || !(key in node)) {
        throw new TypegenError(from.file, from.pointer, `The reference "${ref}" leads nowhere (${location.file} has no ${location.pointer}).`);
      }
      node = node[key];
    }
    return node;
  }

  /** Follows `$ref`s until a value that is not one; returns it with where it was found. */
  deref(value: unknown, at: Location): { value: unknown; at: Location } {
    const seen = new Set<string>();
    while (isRecord(value) && typeof value.$ref === 'string') {
      const target = this.target(value.$ref, at);
      const key = `${target.file}${target.pointer}`;
      if (seen.has(key)) throw new TypegenError(at.file, at.pointer, `The reference "${value.$ref}" refers to itself.`);
      seen.add(key);
      value = this.at(target, value.$ref, at);
      at = target;
    }
    return { value, at };
  }
}

function decodeToken(token: string): string {
  let text = token;
  try {
    text = decodeURIComponent(token);
  } catch {
    // not percent-encoded: keep as written
  }
  return text.replace(/~1/g, '/').replace(/~0/g, '~');
}
