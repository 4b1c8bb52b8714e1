import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Notification, NotificationSerialError } from '../../lib/index.js';
import { autoClient, downloads, lookup, start } from '../helpers/auto-certificates.js';
import { close, listen } from '../notification/recipes.js';
import { closing } from '../util/sandbox-client.js';

describe('automatic platform certificates: callbacks (Notification with a client)', () => {
  let server: ReturnType<typeof createServer>;
  let url = '';
  let notification: Notification;
  before(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        notification
          .v3Async(request.headers, Buffer.concat(chunks))
          .then((event) => {
            response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ serial: event.headers.serial, mchid: (event.resource as { mchid: string }).mchid }));
          })
          .catch((error: unknown) => {
            response.writeHead(500).end(error instanceof Error ? error.name : 'Error');
          });
      });
    });
    url = await listen(server);
  });
  after(() => close(server));

  it('a callback signed by a certificate the process has not seen yet verifies, after one download shared with the client', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      notification = new Notification({ client: wxpay, apiv3Key: sandbox.apiv3Key });
      const first = await sandbox.notify('mall.transaction', url);
      assert.deepEqual(JSON.parse(first.body), { serial: sandbox.platformSerial, mchid: sandbox.mchid });
      const rotated = sandbox.rotation.rotate();
      const headers = (await sandbox.notify('mall.authorization', url)).sent.headers;
      assert.equal(headers['Wechatpay-Serial'], rotated.serial);
      assert.equal(downloads(sandbox), 2);
      assert.equal((await lookup(wxpay)).headers['wechatpay-serial'], rotated.serial);
      assert.equal(downloads(sandbox), 2, 'the client verifies with what the callback brought');
    });
  });

  it('a callback under a serial no download brings: one download, then none for minimumInterval', async () => {
    const sandbox = await start();
    await closing(autoClient(sandbox), async (wxpay) => {
      notification = new Notification({ client: wxpay, apiv3Key: sandbox.apiv3Key });
      for (let i = 0; i < 3; i += 1) {
        const reply = await sandbox.notify('mall.transaction', url, { serial: 'PUB_KEY_ID_0000000000000000000000000042' });
        assert.equal(reply.body, 'NotificationSerialError');
      }
      assert.equal(downloads(sandbox), 1);
      assert.equal((await lookup(wxpay)).status, 200, 'the client has the certificate the download brought');
      assert.equal(downloads(sandbox), 1);
    });
  });

  it('without a client, or synchronously, an unseen serial is still a NotificationSerialError', async () => {
    const sandbox = await start();
    notification = new Notification({ certs: sandbox.clientConfig().certs, apiv3Key: sandbox.apiv3Key });
    sandbox.rotation.rotate();
    const reply = await sandbox.notify('mall.transaction', url);
    assert.equal(reply.status, 500);
    assert.equal(reply.body, 'NotificationSerialError');
    assert.throws(() => notification.v3(reply.sent.headers, reply.sent.body), NotificationSerialError);
    assert.equal(downloads(sandbox), 0);
  });
});
