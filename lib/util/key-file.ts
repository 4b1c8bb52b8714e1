/**
 * Key and certificate files as PHP users name them: plain paths (absolute, or relative to the working directory, as
 * Guzzle takes `cert`/`ssl_key`), `file://` paths (`file:///abs/…`, or PHP's `file://relative/…`), and file URLs;
 * read and parsed with errors that name the file and what is wrong with it ({@link KeyFileError}).
 *
 * @module
 */

import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyFileError, type KeyFileProblem } from '../errors/key-file-error.js';

/** A file as it was named, and the absolute path it resolves to. */
export interface FileReference {
  /** As given (for the message when it was relative). */
  readonly given: string;
  /** The absolute path. */
  readonly path: string;
}

/** Whether a string is PEM (or other inline) content rather than the name of a file. */
export function isInlineContent(value: string): boolean {
  return value.includes('-----BEGIN') || value.includes('\n');
}

/**
 * The absolute path a file reference names: a file URL; `file:///abs/…` or `file://localhost/abs/…`; PHP's
 * `file://relative/…` (what follows `file://` is a path relative to the working directory); a plain path.
 */
export function fileReference(value: string | URL): FileReference {
  const given = String(value);
  if (value instanceof URL) return { given, path: fileURLToPath(value) };
  if (value.startsWith('file:///') || value.startsWith('file://localhost/')) return { given, path: fileURLToPath(value) };
  const path = value.startsWith('file://') ? value.slice('file://'.length) : value;
  return { given, path: isAbsolute(path) ? path : resolve(path) };
}

/** `/abs/path`, or `/abs/path (the relative path "x" resolved against the working directory /cwd)`. */
function describe(file: FileReference): string {
  const bare = file.given.startsWith('file://') ? file.given.slice('file://'.length) : file.given;
  if (isAbsolute(bare) || file.given.startsWith('file:///') || file.given.startsWith('file://localhost/')) return file.path;
  return `${file.path} (the relative path "${bare}", resolved against the working directory ${process.cwd()})`;
}

/** A {@link KeyFileError} `<subject>: the file <path> <what is wrong>`. */
export function keyFileError(setting: string, subject: string, file: FileReference, problem: KeyFileProblem, wrong: string, cause?: unknown): KeyFileError {
  return new KeyFileError(setting, subject, file.path, problem, `the file ${describe(file)} ${wrong}`, cause === undefined ? undefined : { cause });
}

/** The same error for another setting (e.g. an `Rsa.from` error seen as the `certs` entry it was loading). */
export function retarget(error: KeyFileError, setting: string, subject: string): KeyFileError {
  return new KeyFileError(setting, subject, error.path, error.problem, error.detail, { cause: error.cause });
}

function readProblem(cause: unknown): [KeyFileProblem, string] {
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return ['missing', 'does not exist.'];
  if (code === 'ENOTDIR') return ['missing', 'does not exist (a part of its path is not a directory).'];
  if (code === 'EISDIR') return ['not-a-file', 'is a directory, not a file.'];
  return ['unreadable', `cannot be read (${typeof code === 'string' ? code : String(cause)}): check its permissions.`];
}

/**
 * Reads a key or certificate file.
 * @throws KeyFileError `missing`, `not-a-file` or `unreadable`, naming the file.
 */
export function readKeyFile(setting: string, subject: string, file: FileReference): Buffer {
  try {
    return readFileSync(file.path);
  } catch (cause) {
    const [problem, wrong] = readProblem(cause);
    throw keyFileError(setting, subject, file, problem, wrong, cause);
  }
}

/** Whether PEM text is an encrypted private key. */
function isEncrypted(pem: Buffer | string): boolean {
  const text = pem.toString();
  return text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || text.includes('Proc-Type: 4,ENCRYPTED');
}

/**
 * Parses a private key read from `file`.
 * @throws KeyFileError `wrong-passphrase` (an encrypted key the passphrase, or its absence, does not open) or
 * `not-pem`.
 */
export function privateKeyFromFile(setting: string, subject: string, file: FileReference, pem: Buffer, passphrase?: string): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
  } catch (cause) {
    if (isEncrypted(pem)) {
      const wrong = passphrase === undefined ? 'holds an encrypted private key and no passphrase was given: give `[path, passphrase]`.' : 'holds an encrypted private key that the passphrase given does not open.';
      throw keyFileError(setting, subject, file, 'wrong-passphrase', wrong, cause);
    }
    throw keyFileError(setting, subject, file, 'not-pem', 'holds no PEM private key (an RSA key such as apiclient_key.pem).', cause);
  }
}

/**
 * Parses the (first) certificate read from `file`.
 * @throws KeyFileError `not-certificate`.
 */
export function certificateFromFile(setting: string, subject: string, file: FileReference, pem: Buffer): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (cause) {
    throw keyFileError(setting, subject, file, 'not-certificate', 'holds no X.509 certificate in PEM (a CERTIFICATE block).', cause);
  }
}
