// The node:http and Express recipes of docs/notifications.md, as code the specs can start. The text between each
// `// #region NAME` and `// #endregion NAME` is the docs' text to the character (recipes.spec.ts checks it), so the
// specs test exactly what users copy.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import {
  NotificationError,
  replyV2Failure,
  replyV2Success,
  replyV3Failure,
  replyV3Success,
  type Notification,
  type NotificationEvent,
  type NotificationReply,
  type NotificationV2Message,
} from '../../lib/index.js';

/** The business logic a recipe calls: in the docs it prints, in the specs it records. */
export interface Handlers {
  readonly onV3Event: (event: NotificationEvent) => Promise<void>;
  readonly onV2Message: (message: NotificationV2Message) => Promise<void>;
  readonly onError: (error: unknown) => void;
}

/** The docs' node:http server, unstarted. */
export function nodeHttpRecipe(notification: Notification, { onV3Event, onV2Message, onError }: Handlers): Server {
  // #region node-http
  async function readRawBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks); // the exact bytes WeChat Pay signed: never parse and re-serialise them first
  }

  async function answer(req: IncomingMessage): Promise<NotificationReply> {
    const apiV2 = req.url === '/notify/v2';
    try {
      const rawBody = await readRawBody(req);
      if (apiV2) await onV2Message(notification.v2(rawBody));
      else await onV3Event(notification.v3(req.headers, rawBody));
      return apiV2 ? replyV2Success() : replyV3Success();
    } catch (error) {
      onError(error); // log it: a NotificationError names the cause, never a key
      const reason = error instanceof NotificationError ? error.name : 'internal error';
      return apiV2 ? replyV2Failure(reason) : replyV3Failure(reason, error instanceof NotificationError ? 401 : 500);
    }
  }

  const server = createServer((req, res) => {
    void answer(req).then((reply) => res.writeHead(reply.status, reply.headers).end(reply.body));
  });
  // #endregion node-http
  return server;
}

/** The docs' Express 5 app. */
export function expressRecipe(notification: Notification, { onV3Event, onV2Message, onError }: Handlers): express.Express {
  // #region express
  const app = express();

  function send(res: Response, reply: NotificationReply): void {
    res.status(reply.status).set(reply.headers).send(reply.body);
  }

  // express.raw keeps the body as the Buffer WeChat Pay signed; express.json() would lose the exact bytes
  app.post('/notify', express.raw({ type: 'application/json' }), async (req, res) => {
    try {
      await onV3Event(notification.v3(req.headers, req.body as Buffer));
      send(res, replyV3Success());
    } catch (error) {
      onError(error); // log it: a NotificationError names the cause, never a key
      send(res, error instanceof NotificationError ? replyV3Failure(error.name, 401) : replyV3Failure('internal error', 500));
    }
  });

  app.post('/notify/v2', express.raw({ type: ['text/xml', 'application/xml'] }), async (req, res) => {
    try {
      await onV2Message(notification.v2(req.body as Buffer));
      send(res, replyV2Success());
    } catch (error) {
      onError(error);
      send(res, replyV2Failure(error instanceof NotificationError ? error.name : 'internal error'));
    }
  });
  // #endregion express
  return app;
}

/** Listens on 127.0.0.1 (a free port) and resolves with the base URL. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** Closes a server, ending idle keep-alive connections. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}

/** The text between `// #region name` and `// #endregion name`, without its common indentation. */
export function region(source: string, name: string): string {
  const match = new RegExp(`^([ \\t]*)// #region ${name}\\n([\\s\\S]*?)^[ \\t]*// #endregion ${name}$`, 'm').exec(source);
  if (match === null) throw new Error(`no region ${name}`);
  const indent = match[1].length;
  return match[2]
    .split('\n')
    .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
    .join('\n');
}

/** Starts `createServer(app)` for an Express app. */
export function serve(app: express.Express): Server {
  return createServer(app);
}
