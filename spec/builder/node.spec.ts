import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { inspect } from 'node:util';
import { AsyncResult, WechatpayResponse } from '../../lib/index.js';
import { recordingRoot } from '../helpers/recording-driver.js';
import { untyped } from '../helpers/untyped.js';

describe('chain nodes', () => {
  it('property, bracket and chain() access give the same cached node', () => {
    const { root } = recordingRoot();
    assert.equal(root.v3, root['v3']);
    assert.equal(root.v3, root.chain('v3'));
    assert.equal(root.v3.pay.transactions, root.v3.pay.transactions);
  });

  it('each verb hands (METHOD, path, options) to the driver', async () => {
    const { root, driver } = recordingRoot();
    const json = { a: 1 };
    // Made-up options and verbs the path lacks: the untyped chain (docs/types.md, "Opting out").
    await untyped(root).v3.businesscircle.parkings.post({ json });
    await root.chain('v3/businesscircle/parkings' as string).get();
    await untyped(root)['v3/businesscircle/parkings'].put({ x: 1 });
    await root.v3.a.patch();
    await root.v3.a.delete();
    assert.deepEqual(
      driver.calls.map((c) => [c.method, c.uri]),
      [
        ['POST', 'v3/businesscircle/parkings'],
        ['GET', 'v3/businesscircle/parkings'],
        ['PUT', 'v3/businesscircle/parkings'],
        ['PATCH', 'v3/a'],
        ['DELETE', 'v3/a'],
      ],
    );
    assert.equal(driver.calls[0].options.json, json);
  });

  it('*Async verbs return an AsyncResult with then/otherwise/wait, PHP style', async () => {
    const { root } = recordingRoot();
    const chained = root.v3.x.postAsync({}).then((r) => r.getStatusCode() === 204);
    assert.ok(chained instanceof AsyncResult);
    assert.equal(await chained.wait(), true);
    const failed = AsyncResult.from(Promise.reject(new Error('boom')))
      .then(() => 'not reached')
      .otherwise((e) => (e as Error).message);
    assert.ok(failed instanceof AsyncResult);
    assert.equal(await failed.wait(), 'boom');
    await assert.rejects(AsyncResult.from(Promise.reject(new Error('thrown by wait'))).wait(), /thrown by wait/);
  });

  it('verbs never throw synchronously', () => {
    const { root } = recordingRoot();
    assert.doesNotThrow(() => root.v3.x.post().catch(() => undefined));
  });

  it('detached verbs keep their node', async () => {
    const { root, driver } = recordingRoot();
    // eslint-disable-next-line @typescript-eslint/unbound-method -- the point of the test: verbs are bound to their node
    const { get } = root.v3.detached;
    await get();
    assert.equal(driver.calls[0].uri, 'v3/detached');
  });

  it('segments named like verbs stay reachable through chain() and slash paths', async () => {
    const { root, driver } = recordingRoot();
    await root.v3.marketing.partnerships.chain('delete').post();
    await root['v3/marketing/partnerships/delete'].post();
    assert.deepEqual(driver.calls.map((c) => c.uri), ['v3/marketing/partnerships/delete', 'v3/marketing/partnerships/delete']);
  });

  it('chain() refuses a non-string', () => {
    const { root } = recordingRoot();
    assert.throws(() => root.chain(42 as unknown as string), TypeError);
  });

  it('getDriver() is shared by every node', () => {
    const { root, driver } = recordingRoot();
    assert.equal(root.getDriver(), driver);
    assert.equal(root.v3.a.b.getDriver(), driver);
  });
});

describe('the Proxy never misfires (nothing is sent, nothing hangs)', () => {
  it('await node, Promise.resolve(node) and returning it from async code resolve to the node', async () => {
    const { root, driver } = recordingRoot();
    // eslint-disable-next-line @typescript-eslint/await-thenable -- awaiting a node must not send anything
    assert.equal(await root, root);
    assert.equal(await Promise.resolve(root.v3), root.v3);
    const fromAsync = async () => root.v3.pay;
    assert.equal(await fromAsync(), root.v3.pay);
    assert.equal(driver.calls.length, 0);
  });

  /* eslint-disable @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions -- nodes stringify to their path */
  it('JSON.stringify, String, template literals and concatenation give the path', () => {
    const { root, driver } = recordingRoot();
    assert.equal(JSON.stringify(root.v3.pay), '"v3/pay"');
    assert.equal(JSON.stringify({ node: root.v3 }), '{"node":"v3"}');
    assert.equal(String(root.v3.pay), 'v3/pay');
    assert.equal(`${root.v3.pay}`, 'v3/pay');
    assert.equal(`${root.v3}` + '/x', 'v3/x');
    assert.equal(driver.calls.length, 0);
  });
  /* eslint-enable @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions */

  it('util.inspect and console formatting are safe and secret-free', () => {
    const { root } = recordingRoot();
    assert.equal(inspect(root.v3.pay), '[Chainable v3/pay]');
    assert.equal(inspect(root), '[Chainable /]');
    assert.equal(Object.prototype.toString.call(root.v3), '[object Chainable]');
  });

  it('symbol keys give undefined (not a child node)', () => {
    const { root } = recordingRoot();
    const node = root.v3 as unknown as Record<symbol, unknown>;
    assert.equal(node[Symbol.iterator], undefined);
    assert.equal(node[Symbol.asyncIterator], undefined);
    assert.equal(node[Symbol('custom')], undefined);
  });

  it('framework and bundler probes are not path segments', () => {
    const { root, driver } = recordingRoot();
    const node = root.v3 as unknown as Record<string, unknown>;
    for (const probe of ['then', 'catch', 'finally', 'asymmetricMatch', '$$typeof', 'nodeType', 'nodeName', 'tagName', '__esModule', 'inspect', '_isMockFunction']) {
      assert.equal(node[probe], undefined, probe);
    }
    for (const name of ['toJSON', 'toString', 'valueOf', 'toLocaleString']) {
      assert.equal(typeof node[name], 'function', name);
      assert.equal((node[name] as () => string)(), 'v3', name);
    }
    assert.equal(typeof node.constructor, 'function');
    assert.equal(typeof node.hasOwnProperty, 'function');
    assert.equal('then' in node, false);
    assert.equal('post' in node, true);
    assert.deepEqual(Object.keys(node), []);
    assert.equal(driver.calls.length, 0);
  });

  it('assert.deepEqual / structuredClone-style walks terminate', () => {
    const { root } = recordingRoot();
    assert.deepEqual(root.v3.a, root.v3.a);
    assert.deepEqual({ ...root.v3 }, {});
  });

  it('a node cannot be written to', () => {
    const { root } = recordingRoot();
    assert.throws(() => {
      (root as unknown as Record<string, unknown>).v3 = 1;
    }, TypeError);
  });
});

describe('memory stays bounded with IDs as segments', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };

  it('children no one holds are collected, held ones stay identical', async () => {
    const { root } = recordingRoot();
    const held = root.v3.ids.kept;
    await settle();
    const base = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) root.v3.ids.chain(`id${i}`);
    await settle();
    const dropped = process.memoryUsage().heapUsed - base;
    const retained: unknown[] = [];
    for (let i = 0; i < 100_000; i++) retained.push(root.v3.ids[`id${i}`]);
    await settle();
    const kept = process.memoryUsage().heapUsed - base;
    assert.equal(root.v3.ids.kept, held);
    assert.ok(kept > 5_000_000, `retaining 100k nodes should cost megabytes, cost ${kept}`);
    assert.ok(dropped < kept / 10, `dropped nodes still use ${dropped} bytes (retained: ${kept})`);
    assert.equal(retained.length, 100_000);
  });
});

describe('response of the recording driver', () => {
  it('is a WechatpayResponse', async () => {
    const { root } = recordingRoot();
    assert.ok((await root.v3.x.get()) instanceof WechatpayResponse);
  });
});
