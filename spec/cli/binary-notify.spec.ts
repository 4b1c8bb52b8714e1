// `wxpay notify` as a user runs it: `wxpay sandbox` in a child process writes its folder, and `wxpay notify` (another
// child process) has it send callbacks to a node:http handler in this process, which verifies them with the SDK's
// Notification configured from that folder's wxpay.json.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Notification, NotificationError, replyV2Success, replyV3Failure, replyV3Success, type NotificationReply } from '../../lib/index.js';
import { NOTIFICATION_KINDS } from '../../lib/sandbox/index.js';
import { assertFailed, scratch, startSandboxProcess, wxpay, type Run, type SandboxProcess } from './helpers.js';

const dir = scratch('notify');
let sandbox: SandboxProcess;
let server: Server;
let base: string;
/** What the handler accepted: the v3 event type or the v2 authentication, and the decrypted payload. */
let accepted: { kind: string; payload: unknown }[] = [];

/** The handler's Notification, configured from the sandbox folder's wxpay.json as a merchant would. */
function notificationFrom(config: string): Notification {
  const settings = JSON.parse(readFileSync(config, 'utf8')) as { certs: Record<string, string>; apiv3Key: string; secret: string };
  const certs = Object.fromEntries(Object.entries(settings.certs).map(([id, file]) => [id, readFileSync(join(dirname(config), file))]));
  return new Notification({ certs, apiv3Key: settings.apiv3Key, secret: settings.secret });
}

async function rawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `/notify` takes APIv3 callbacks, `/notify/v2` APIv2 ones; a refused callback is answered 401. */
async function answer(notification: Notification, req: IncomingMessage): Promise<NotificationReply> {
  const body = await rawBody(req);
  try {
    if (req.url === '/notify/v2') {
      const message = notification.v2(body);
      accepted.push({ kind: `v2 ${message.authentication}`, payload: message.req_info ?? message.message });
      return replyV2Success();
    }
    const event = notification.v3(req.headers, body);
    accepted.push({ kind: event.event_type, payload: event.resource });
    return replyV3Success();
  } catch (error) {
    return replyV3Failure(error instanceof NotificationError ? error.name : 'internal error', 401);
  }
}

before(async () => {
  mkdirSync(join(dir, 'empty'));
  sandbox = await startSandboxProcess(['--dir', 'sandbox'], dir);
  const notification = notificationFrom(sandbox.config);
  server = createServer((req, res) => {
    void answer(notification, req).then((reply) => res.writeHead(reply.status, reply.headers).end(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  sandbox.child.kill('SIGTERM');
  await sandbox.exit;
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  accepted = [];
});

function notify(args: string[]): Promise<Run> {
  return wxpay(['notify', ...args], { cwd: dir });
}

describe('wxpay notify: callbacks a handler verifies', () => {
  it('sends each kind, signed and encrypted with the keys of the sandbox folder, and prints the answer (exit 0)', async () => {
    for (const kind of NOTIFICATION_KINDS) {
      const url = kind.startsWith('v2.') ? `${base}/notify/v2` : `${base}/notify`;
      const run = await notify([kind, '--config', sandbox.config, '--to', url]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
      assert.equal(run.stdout, kind.startsWith('v2.') ? 'HTTP 200\n<xml><return_code>SUCCESS</return_code><return_msg>OK</return_msg></xml>\n' : 'HTTP 200\n');
    }
    assert.deepEqual(
      accepted.map(({ kind }) => kind),
      ['MALL_AUTH.ACTIVATE_CARD', 'MALL_TRANSACTION.SUCCESS', 'MALL_REFUND.SUCCESS', 'v2 sign', 'v2 req_info', 'TRANSACTION.SUCCESS', 'REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED'],
    );
    assert.equal((accepted[1]?.payload as { mchid: string }).mchid, '1900000100');
    assert.equal((accepted[4]?.payload as { refund_status: string }).refund_status, 'SUCCESS');
  });

  it('finds the folder by --sandbox, and by the working folder', async () => {
    const folder = dirname(sandbox.config);
    assert.equal((await notify(['mall.refund', '--sandbox', folder, '--to', `${base}/notify`])).code, 0);
    assert.equal((await wxpay(['notify', 'mall.refund', '--to', `${base}/notify`], { cwd: folder })).code, 0);
    assert.equal(accepted.length, 2);
  });

  it('a handler that refuses: its status and body, and exit 1', async () => {
    const run = await notify(['v2.payment', '--config', sandbox.config, '--to', `${base}/notify`]);
    assertFailed(run, 1, /^wxpay: the handler answered 401: WeChat Pay would count the callback as refused and send it again later\.\n$/, 'HTTP 401\n{"code":"FAIL","message":"NotificationHeadersError"}\n');
    assert.deepEqual(accepted, []);
  });

  it('a handler that cannot be reached: exit 3', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const run = await notify(['mall.transaction', '--config', sandbox.config, '--to', `http://127.0.0.1:${port}/notify`]);
    assertFailed(run, 3, new RegExp(`^wxpay: Cannot reach the handler at http://127\\.0\\.0\\.1:${port}/notify \\(ECONNREFUSED\\): is it running\\?\\n$`));
  });
});

describe('wxpay notify: usage', () => {
  it('exits 2 for an unknown kind, a missing or bad --to, a folder without sandbox.json', async () => {
    const config = ['--config', sandbox.config];
    const cases: [string[], RegExp][] = [
      [['--to', `${base}/notify`, ...config], /^wxpay: Give callback kind: mall\.authorization, mall\.transaction, mall\.refund, v2\.payment, v2\.refund, transaction\.success, refund\.success, refund\.abnormal, refund\.closed\. \(see wxpay notify --help\)/],
      [['mall.nope', '--to', `${base}/notify`, ...config], /Unknown callback kind "mall\.nope"/],
      [['mall.refund', ...config], /Give the handler's URL: --to http:\/\/127\.0\.0\.1:3000\/notify\./],
      [['mall.refund', '--to', 'ftp://127.0.0.1/notify', ...config], /--to takes an http:\/\/ or https:\/\/ URL/],
      [['mall.refund', '--to', '/notify', ...config], /--to takes an http:\/\/ or https:\/\/ URL/],
      [['mall.refund', '--to', `${base}/notify`, '--sandbox', join(dir, 'empty')], /Cannot read \S+sandbox\.json: no such file: point --sandbox \(or --config\) at the folder of a running wxpay sandbox/],
    ];
    for (const [args, message] of cases) assertFailed(await notify(args), 2, message);
    assert.deepEqual(accepted, []);
  });

  it('never prints a key', async () => {
    const secrets = JSON.parse(readFileSync(join(dirname(sandbox.config), 'sandbox.json'), 'utf8')) as { apiv3Key: string; secret: string };
    const help = await notify(['--help']);
    const run = await notify(['v2.refund', '--config', sandbox.config, '--to', `${base}/notify/v2`]);
    for (const text of [help.stdout, run.stdout, run.stderr]) {
      assert.ok(!text.includes(secrets.apiv3Key) && !text.includes(secrets.secret));
    }
  });
});
