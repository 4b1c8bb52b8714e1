/**
 * The sandbox's two listeners on 127.0.0.1 (HTTP, and HTTPS with mutual TLS): binding, reading a request body,
 * closing with every connection.
 *
 * @module
 */

import type { IncomingMessage, Server } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Reads a request body to the end. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Listens on 127.0.0.1 and resolves with the port bound. */
export function listen(server: Server | HttpsServer, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The two listeners, bound. */
export interface Listeners {
  readonly server: Server;
  readonly port: number;
  readonly httpsServer: HttpsServer;
  readonly httpsPort: number;
}

/** Closes a listener and every connection it has. */
export function closeListener(server: Server | HttpsServer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
    server.closeAllConnections();
  });
}
