import { ConfigError } from './config-error.js';

/**
 * What is wrong with a key or certificate file:
 * - `'missing'`: no file at that path;
 * - `'not-a-file'`: the path is a directory (or another non-file);
 * - `'unreadable'`: it exists but cannot be read (permissions, I/O);
 * - `'not-pem'`: it holds no PEM key of the kind asked for;
 * - `'not-certificate'`: it holds no X.509 certificate;
 * - `'wrong-passphrase'`: an encrypted key or PKCS#12 bundle that the passphrase (or its absence) does not open;
 * - `'mismatch'`: a private key that is not the key of the certificate given with it;
 * - `'unsupported'`: a format Node's OpenSSL 3 no longer reads (a legacy RC2-40 PKCS#12 bundle).
 */
export type KeyFileProblem = 'missing' | 'not-a-file' | 'unreadable' | 'not-pem' | 'not-certificate' | 'wrong-passphrase' | 'mismatch' | 'unsupported';

/**
 * A key or certificate file named in the configuration (`privateKey`, `certs`, `merchant`, `verify`) or given to
 * `Rsa.from` cannot be used. The message names the setting, the file (as an absolute path) and what is wrong with
 * it; never the file's content or a passphrase. A {@link ConfigError}, so `Builder.factory` throws nothing else.
 */
export class KeyFileError extends ConfigError {
  /** The file, as an absolute path. */
  readonly path: string;
  /** What is wrong with it. */
  readonly problem: KeyFileProblem;
  /** What is wrong with it, in words: the message without its leading subject (`\`merchant.cert\`: `). */
  readonly detail: string;

  /** The message is `<subject>: <detail>`. */
  constructor(setting: string, subject: string, path: string, problem: KeyFileProblem, detail: string, options?: { cause?: unknown }) {
    super(setting, `${subject}: ${detail}`, options);
    this.path = path;
    this.problem = problem;
    this.detail = detail;
  }
}
