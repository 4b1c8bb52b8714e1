/**
 * Digests of files, computed by streaming them (never read whole into memory).
 *
 * @module
 */

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A file's digest and size. */
export interface FileDigest {
  /** The digest, lower-case hex. */
  readonly hex: string;
  /** The number of bytes read. */
  readonly size: number;
}

/**
 * Streams a file through a hash.
 *
 * @param path - the file path
 * @param algorithm - a Node hash name, e.g. `sha256`
 * @throws the file system's error (ENOENT, EACCES, EISDIR …)
 */
export async function digestFile(path: string, algorithm: string): Promise<FileDigest> {
  const hash = createHash(algorithm);
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
  }
  return { hex: hash.digest('hex'), size };
}
