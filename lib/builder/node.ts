import { inspect } from 'node:util';
import type { WechatpayResponse } from '../response.js';
import { AsyncResult } from './async-result.js';
import { normalizeSegment } from './normalize.js';
import type { Chainable, Driver, RequestOptions, Root } from './types.js';

const VERBS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** A node's own members: looked up first, so a path segment never shadows them (and no methods are bound for nodes that are only walked through). */
const MEMBERS = new Set<string>(['chain', 'getDriver', ...VERBS, ...VERBS.map((verb) => `${verb}Async`)]);

/**
 * Names that are never path segments: the verbs and `chain`/`getDriver` (the node's own members), and the
 * probes that `await`, `JSON.stringify`, `util.inspect`, test frameworks, React and bundlers make on any object.
 * Reading one of the probes answers what a plain object would, so nothing is sent and nothing hangs.
 */
const PROBES = new Set([
  'then', 'catch', 'finally', // thenable detection: `await node`, `Promise.resolve(node)`, `return node` from async code
  'inspect', 'asymmetricMatch', '$$typeof', 'nodeType', 'nodeName', 'tagName', '__esModule',
  '_isMockFunction', 'toAsymmetricMatcher', 'jasmineToString', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@',
]);

/** Members of `Object.prototype` that keep their usual meaning on a node. */
const OBJECT_MEMBERS = new Set([
  '__proto__', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
  '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);

/** Names whose value is the node's pathname as a string: `String(node)`, `${node}`, `JSON.stringify(node)`. */
const STRINGIFIERS = new Set(['toString', 'toJSON', 'valueOf', 'toLocaleString']);

type Method = (...args: never[]) => unknown;

/**
 * The state behind one Proxy node: its path and its cached children. It holds no secret; the driver is only
 * reachable through `getDriver()`.
 */
class ChainNode {
  readonly pathname: string;
  /** How many segments the path has: the root has none, so its children get no leading `/`. */
  readonly #depth: number;
  readonly #driver: Driver;
  /** The parent, held strongly: a node someone holds keeps its whole path alive, so the path stays the same node. */
  // eslint-disable-next-line no-unused-private-class-members -- held for reachability, never read
  readonly #parent: ChainNode | undefined;
  /** Children by raw access key, held weakly: the same path twice is the same node while anyone holds it, and IDs used as segments are collected. */
  readonly #children = new Map<string, WeakRef<Chainable>>();
  #methods: Record<string, Method> | undefined;
  /** This node's own Proxy, held by its state so that a held descendant keeps every proxy of its path alive. */
  self: Chainable | undefined;

  constructor(pathname: string, depth: number, driver: Driver, parent?: ChainNode) {
    this.pathname = pathname;
    this.#depth = depth;
    this.#driver = driver;
    this.#parent = parent;
  }

  child(key: string): Chainable {
    const cached = this.#children.get(key)?.deref();
    if (cached !== undefined) return cached;
    const segment = normalizeSegment(key);
    const node = createNode(this.#depth === 0 ? segment : `${this.pathname}/${segment}`, this.#depth + 1, this.#driver, this);
    this.#children.set(key, new WeakRef(node));
    collected.register(node, { map: this.#children, key });
    return node;
  }

  /** The node's own members, bound once per node on first use (so `const { post } = node` works too). */
  methods(): Record<string, Method> {
    if (this.#methods !== undefined) return this.#methods;
    const driver = this.#driver;
    const pathname = this.pathname;
    const methods: Record<string, Method> = Object.assign(Object.create(null) as Record<string, Method>, {
      chain: (segment: unknown) => {
        if (typeof segment !== 'string') throw new TypeError(`chain() takes a string segment, not ${typeof segment}.`);
        return this.child(segment);
      },
      getDriver: () => driver,
    });
    for (const verb of VERBS) {
      const method = verb.toUpperCase();
      methods[verb] = async (options?: RequestOptions): Promise<WechatpayResponse> => driver.request(method, pathname, options ?? {});
      methods[`${verb}Async`] = (options?: RequestOptions) => AsyncResult.from(driver.request(method, pathname, options ?? {}));
    }
    this.#methods = methods;
    return methods;
  }

  /** The pathname (also what `String(node)` gives). */
  toString(): string {
    return this.pathname;
  }

  /**
   * `util.inspect` reads this from the Proxy's target but calls it with the Proxy as `this`; `toString()` answers
   * the pathname either way.
   */
  [inspect.custom](): string {
    const pathname = this.toString();
    return `[Chainable ${pathname === '' ? '/' : pathname}]`;
  }

  get [Symbol.toStringTag](): string {
    return 'Chainable';
  }
}

/** Drops a child's cache entry once the child has been garbage-collected. */
const collected = new FinalizationRegistry<{ map: Map<string, WeakRef<Chainable>>; key: string }>(({ map, key }) => {
  if (map.get(key)?.deref() === undefined) map.delete(key);
});

const handler: ProxyHandler<ChainNode> = {
  get(target, key) {
    if (typeof key === 'symbol') {
      if (key === Symbol.toPrimitive) return () => target.pathname;
      if (key === Symbol.toStringTag) return 'Chainable';
      if (key === inspect.custom) return () => target[inspect.custom]();
      return undefined;
    }
    if (MEMBERS.has(key)) return target.methods()[key];
    if (STRINGIFIERS.has(key)) return () => target.pathname;
    if (key === 'constructor') return ChainNode;
    if (PROBES.has(key)) return undefined;
    if (OBJECT_MEMBERS.has(key)) return Reflect.get(target, key) as unknown;
    return target.child(key);
  },
  has(_target, key) {
    return typeof key === 'string' && MEMBERS.has(key);
  },
  set() {
    return false;
  },
  defineProperty() {
    return false;
  },
  deleteProperty() {
    return false;
  },
  ownKeys() {
    return [];
  },
  getOwnPropertyDescriptor() {
    return undefined;
  },
};

function createNode(pathname: string, depth: number, driver: Driver, parent?: ChainNode): Chainable {
  const target = new ChainNode(pathname, depth, driver, parent);
  const node = new Proxy(target, handler) as unknown as Chainable;
  target.self = node;
  return node;
}

/** Creates the root node of a chain over `driver`. */
export function createRoot(driver: Driver): Root {
  // Root types the chain's catalogue paths (lib/builder/typed.ts); the node itself is the same for every path.
  return createNode('', 0, driver) as unknown as Root;
}
