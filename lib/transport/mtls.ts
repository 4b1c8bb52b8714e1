import { createSecureContext } from 'node:tls';
import { ConfigError } from '../errors/config-error.js';

/**
 * The merchant's API client certificate, read once when the client is built: either the PEM pair (`cert` + `key`,
 * with `passphrase` for an encrypted key) or a PKCS#12 bundle (`pfx` + `passphrase`). What the mutual-TLS agent
 * presents for `security: true` requests.
 */
export interface ClientCertificate {
  /** The certificate (PEM bytes). */
  readonly cert?: Buffer;
  /** Its private key (PEM bytes). */
  readonly key?: Buffer;
  /** Or the PKCS#12 bundle. */
  readonly pfx?: Buffer;
  /** The passphrase of the bundle or of an encrypted key. */
  readonly passphrase?: string;
}

/** The command that turns a legacy (RC2-40) `apiclient_cert.p12` into a PEM file OpenSSL 3 reads. */
export const LEGACY_PKCS12_CONVERSION = 'openssl pkcs12 -in apiclient_cert.p12 -legacy -nodes -out apiclient.pem';

function reasonOf(error: unknown): { code: string; message: string } {
  const { code, message } = error as { code?: unknown; message?: unknown };
  return { code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : String(error) };
}

/** What to tell the user when Node's TLS refuses the credentials (never their content). */
function advice(error: unknown, certificate: ClientCertificate, defaultedPassphrase: boolean): string {
  const { code, message } = reasonOf(error);
  if (certificate.pfx !== undefined && /Unsupported PKCS12 PFX data/i.test(message)) {
    return (
      '`merchant.pfx` is a legacy PKCS#12 file (RC2-40 encryption, as older WeChat Pay downloads are), which OpenSSL 3 no longer reads ' +
      `without its legacy provider. Convert it once: \`${LEGACY_PKCS12_CONVERSION}\`, then give that file as both \`cert\` and \`key\` ` +
      "(e.g. `merchant: { cert: 'file:///…/apiclient.pem', key: 'file:///…/apiclient.pem' }`); or use the PEM pair apiclient_cert.pem + apiclient_key.pem from the same download."
    );
  }
  if (certificate.pfx !== undefined && /mac verify failure|bad decrypt|wrong password/i.test(message)) {
    const tried = defaultedPassphrase ? ' No `passphrase` was given, so the mchid (WeChat Pay\'s default) was tried.' : '';
    return `\`merchant.passphrase\` does not open \`merchant.pfx\`.${tried}`;
  }
  if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH' || /key values mismatch/i.test(message)) {
    return '`merchant.key` is not the private key of `merchant.cert`: give apiclient_key.pem with apiclient_cert.pem from the same download.';
  }
  return `\`merchant\` cannot be used as a TLS client certificate (${code === '' ? message : `${code}: ${message}`}): give PEM \`cert\` + \`key\` (strings, Buffers or file:// paths) or \`pfx\` bytes.`;
}

/**
 * Checks once, when the client is built, that Node's TLS accepts the client certificate, so that a bad one fails at
 * `Builder.factory` rather than at the first refund.
 * @throws ConfigError (setting `merchant`) saying what to fix: a legacy RC2-40 `.p12` (OpenSSL 3's `Unsupported
 * PKCS12 PFX data`) gets the `openssl pkcs12 … -legacy -nodes` conversion; a wrong passphrase, a key that is not the
 * certificate's, or unreadable data get their own message. No message contains key material or the passphrase.
 */
export function checkClientCertificate(certificate: ClientCertificate, defaultedPassphrase: boolean): ClientCertificate {
  try {
    createSecureContext({ ...certificate });
  } catch (cause) {
    throw new ConfigError('merchant', advice(cause, certificate, defaultedPassphrase), { cause });
  }
  return certificate;
}

/**
 * The `connect` options of the mutual-TLS agent: the client certificate on top of the client's shared TLS options
 * (the `verify` CA).
 * @throws ConfigError before anything is sent: no `merchant` configured (setting `merchant`), or the client sends
 * through a caller `dispatcher` (setting `dispatcher`), which cannot be given the certificate and must not be
 * bypassed (a proxy may be the whitelisted egress that WeChat Pay requires for red packets and transfers).
 */
export function mutualTlsConnect(certificate: ClientCertificate | undefined, tls: Readonly<Record<string, unknown>>, callerDispatcher: boolean): Record<string, unknown> {
  if (certificate === undefined) {
    throw new ConfigError(
      'merchant',
      "`security: true` sends the merchant's API client certificate, but this client has none: give `merchant: { cert, key }` (apiclient_cert.pem + apiclient_key.pem) or `merchant: { pfx, passphrase }` to Builder.factory.",
    );
  }
  if (callerDispatcher) {
    throw new ConfigError(
      'dispatcher',
      'This client sends through your own `dispatcher`, which the SDK cannot give the client certificate and will not go around: for `security: true` requests pass a per-request `dispatcher` that presents it, e.g. `new ProxyAgent({ uri, requestTls: { cert, key } })`.',
    );
  }
  return { ...tls, ...certificate };
}

/** Transport codes of a peer that hung up or refused during TLS, as a server that requires a client certificate does. */
const REFUSAL_CODES = /^(?:UND_ERR_SOCKET|ECONNRESET|EPIPE)$|^ERR_SSL_.*ALERT_(?:CERTIFICATE_REQUIRED|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNKNOWN_CA|ACCESS_DENIED)$/;

/**
 * The sentence to add to a transport failure when an HTTPS server hung up or refused the handshake, which is how a
 * server that requires the merchant's client certificate answers a missing or unknown one; `undefined` otherwise.
 */
export function refusedCertificateNote(url: URL, code: string | undefined, security: boolean): string | undefined {
  if (url.protocol !== 'https:' || code === undefined || !REFUSAL_CODES.test(code)) return undefined;
  return security
    ? 'The server refused the connection: the client certificate was refused (is `merchant` the API certificate of this mchid, and does the server trust its issuer?).'
    : 'The server refused the connection: if this endpoint needs the client certificate (refunds, reversals, red packets, transfers), it is missing: send with `security: true`.';
}
