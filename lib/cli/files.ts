/**
 * File reading for the CLI: paths relative to a folder (with `~/` and `file://`), and read failures turned into
 * the caller's one-line error.
 *
 * @module
 */

import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Short reasons for the usual file system errors. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a parent is not a folder',
  EEXIST: 'it is a file, not a folder',
};

/** Why a file could not be read, in a few words. */
export function fsReason(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return REASONS[code] ?? (error instanceof Error ? error.message : String(error));
}

/**
 * An absolute path: a `file://` URL, `~/…` under `home`, an absolute path, or a path relative to `base`.
 *
 * @param path - as written
 * @param base - the folder relative paths start from
 * @param home - the home folder
 */
export function resolvePath(path: string, base: string, home: string): string {
  if (path.startsWith('file://')) return fileURLToPath(path);
  if (path === '~' || path.startsWith('~/')) return join(home, path.slice(1));
  return isAbsolute(path) ? path : resolve(base, path);
}

/**
 * Reads a file, or throws what `fail` makes of the reason.
 *
 * @param path - an absolute path
 * @param fail - builds the error from the reason (`no such file` …)
 */
export function readFileOr(path: string, fail: (reason: string) => Error): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw fail(fsReason(error));
  }
}
