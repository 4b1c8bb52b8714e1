import type { KeyObject } from 'node:crypto';
import { Rsa } from '../crypto/rsa.js';
import { ConfigError } from '../errors/config-error.js';

/** libuv's threadpool size (`UV_THREADPOOL_SIZE`, default 4, at most 1024), which Node reads once at start-up. */
export function threadpoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const size = Number(env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/** The default limit: all of libuv's threadpool but one thread, which stays free for `fs`, `dns.lookup` and `zlib`. */
export function defaultSigningThreads(env: NodeJS.ProcessEnv = process.env): number {
  return Math.max(1, threadpoolSize(env) - 1);
}

/** Counters of a scheduler, for diagnostics and tests. */
export interface SigningStats {
  /** Calls this scheduler signs or has signed whose answer has not arrived yet. */
  readonly inFlight: number;
  /** Signatures being computed in libuv's threadpool right now (at most `limit`). */
  readonly inThreadpool: number;
  /** Signatures waiting for a threadpool slot. */
  readonly waiting: number;
  /** Signatures handed to the threadpool so far (including those still waiting for a slot). */
  readonly offloaded: number;
  /** Signatures computed on the event loop so far. */
  readonly onEventLoop: number;
}

/**
 * Decides where each APIv3 request signature (RSA-2048, ≈ 0.3 ms of CPU) is computed.
 *
 * - On the event loop when no other call is in flight: nothing else is waiting for the thread, and handing the
 *   work to another thread would only add latency.
 * - In libuv's threadpool (`crypto.sign` with a callback) when other calls are in flight, so the event loop keeps
 *   sending requests and verifying answers while signatures are computed on other cores. At most `limit` run there
 *   at once; the others wait their turn in order (in this scheduler, not in libuv's queue, so `fs`, `dns.lookup` and
 *   `zlib` work never waits behind a queue of signatures).
 *
 * The signature is the same either way (PKCS#1 v1.5 is deterministic). One scheduler is shared by every client of
 * the process unless a client is built with its own `offload_signing` limit; `limit` 0 signs everything on the
 * event loop.
 */
export class SigningScheduler {
  /** The most signatures computed in the threadpool at once; 0 signs everything on the event loop. */
  readonly limit: number;
  #inFlight = 0;
  #inThreadpool = 0;
  readonly #waiting: (() => void)[] = [];
  #offloaded = 0;
  #onEventLoop = 0;

  /** @throws ConfigError when `limit` is not a whole number ≥ 0. */
  constructor(limit: number = defaultSigningThreads()) {
    if (!Number.isInteger(limit) || limit < 0) {
      throw new ConfigError('offload_signing', `\`offload_signing\` takes true, false or how many signatures may run in the threadpool at once (a whole number ≥ 0); got ${String(limit)}.`);
    }
    this.limit = limit;
  }

  /** The process-wide scheduler every client uses by default. */
  static readonly shared: SigningScheduler = new SigningScheduler();

  /** This scheduler's counters. */
  get stats(): SigningStats {
    return { inFlight: this.#inFlight, inThreadpool: this.#inThreadpool, waiting: this.#waiting.length, offloaded: this.#offloaded, onEventLoop: this.#onEventLoop };
  }

  /**
   * Signs `message` (SHA256withRSA, base64) where it costs least, then sends it on with `send(signature)`; the call
   * counts as in flight until what `send` returns settles.
   * @throws CryptoError (as a rejection) when the key cannot sign.
   */
  async run<T>(message: string | Uint8Array, privateKey: KeyObject, send: (signature: string) => Promise<T>): Promise<T> {
    const offload = this.#inFlight > 0 && this.limit > 0;
    this.#inFlight += 1;
    try {
      let signature: string;
      if (offload) {
        this.#offloaded += 1;
        await this.#acquire();
        try {
          signature = await Rsa.signAsync(message, privateKey);
        } finally {
          this.#release();
        }
      } else {
        this.#onEventLoop += 1;
        signature = Rsa.sign(message, privateKey);
      }
      return await send(signature);
    } finally {
      this.#inFlight -= 1;
    }
  }

  /** Takes a threadpool slot, waiting for one when `limit` are taken. */
  #acquire(): Promise<void> | undefined {
    if (this.#inThreadpool < this.limit) {
      this.#inThreadpool += 1;
      return undefined;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the slot to the next waiting signature, or frees it. */
  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#inThreadpool -= 1;
    else next();
  }
}

/** The scheduler for a client's `offload_signing` setting: the shared one by default, else its own. */
export function schedulerFor(setting: boolean | number | undefined): SigningScheduler {
  if (setting === undefined || setting === true) return SigningScheduler.shared;
  if (setting === false) return new SigningScheduler(0);
  return new SigningScheduler(setting);
}
