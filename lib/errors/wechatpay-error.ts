import type { Attempt } from '../resilience/attempt.js';
import { safeJson } from './safe-json.js';

/**
 * The base class of every error this SDK throws or rejects with.
 *
 * `instanceof WechatpayError` catches anything of ours; each subclass adds the fields a
 * caller needs to act on that failure. No error ever carries a private key, an APIv2/APIv3
 * key or an `Authorization` signature.
 */
export class WechatpayError extends Error {
  /**
   * The attempts the call made, oldest first, when it went through the `retry` middleware: where each went and why
   * it failed (never a secret).
   */
  declare attempts?: readonly Attempt[];

  /** Creates an error with a message and, optionally, the underlying cause. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /**
   * What `JSON.stringify(error)` writes: the name, the message, the cause's name, message and code, and the
   * error's own fields, bounded (strings clipped, a body described by its size), so logging an error stays cheap
   * whatever the server sent.
   */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'name' && key !== 'message') out[key] = safeJson(value);
    }
    if (this.cause !== undefined) out['cause'] = safeJson(this.cause);
    return out;
  }
}
