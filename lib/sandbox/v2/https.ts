/**
 * The sandbox's HTTPS listener: the test server certificate, and the merchant's client certificate requested on
 * every connection (mutual TLS) and checked against the test CA.
 *
 * @module
 */

import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { MerchantTls } from '../../config.js';
import type { TestPki } from '../pki/index.js';
import type { SandboxClientConfig } from '../sandbox.js';

/** A client configuration for the sandbox's HTTPS listener, with the test CA and the merchant client certificate. */
export interface SandboxHttpsClientConfig extends SandboxClientConfig {
  /** The sandbox CA certificate (PEM), which issued the HTTPS server certificate. */
  verify: string;
  /** The merchant client certificate and key (PEM), for `security: true` requests. */
  merchant: MerchantTls & { cert: string; key: string };
}

/**
 * Creates the HTTPS server (not listening yet): the `pki.server` certificate, and a client certificate requested on
 * every connection and verified against `pki.ca`.
 *
 * The handshake accepts connections without a valid client certificate (`rejectUnauthorized: false`), so that
 * the APIv3 routes stay reachable over HTTPS without one; the certificate endpoints then drop such a connection,
 * which a client sees as a server that refused its certificate (undici's `UND_ERR_SOCKET`), as it would see a
 * server with `rejectUnauthorized: true`.
 *
 * @param pki - the test PKI
 */
export function createHttpsListener(pki: TestPki): Server {
  return createServer({ key: pki.server.keyPem, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: false });
}

/**
 * Whether a request came with a client certificate the test CA issued: `true` or `false` over HTTPS, `undefined`
 * over plain HTTP.
 *
 * @param socket - the request's socket
 */
export function clientCertificateOf(socket: unknown): boolean | undefined {
  const tls = socket as Partial<TLSSocket>;
  return tls.encrypted === true ? tls.authorized === true : undefined;
}
