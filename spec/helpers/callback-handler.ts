import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A callback handler on 127.0.0.1 that keeps what it receives (headers and raw body) and answers 200. */
export interface Handler {
  readonly url: string;
  readonly received: { headers: IncomingHttpHeaders; body: Buffer }[];
  close(): Promise<void>;
}

/** The APIv3 success answer of a callback handler. */
export const V3_SUCCESS = { contentType: 'application/json', body: '{"code":"SUCCESS","message":"成功"}' } as const;
/** The APIv2 success answer of a callback handler. */
export const V2_SUCCESS = { contentType: 'text/xml', body: '<xml><return_code>SUCCESS</return_code></xml>' } as const;

/** Starts a handler at `http://127.0.0.1:<port>/notify` that answers every callback with `reply`. */
export async function startHandler(reply: { readonly contentType: string; readonly body: string }): Promise<Handler> {
  const received: Handler['received'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { 'Content-Type': reply.contentType }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/notify`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
