/**
 * What one attempt of a call did, as data a log or a support ticket can carry: never a secret.
 *
 * @module
 */

/** One attempt of a call. */
export interface Attempt {
  /** 1 for the first. */
  readonly attempt: number;
  /** Where it went: `https://api.mch.weixin.qq.com`. */
  readonly origin: string;
  /** The answer's status, when there was one. */
  readonly status?: number;
  /** The error's class name, when it failed (`ServerError`, `NetworkError` …). */
  readonly error?: string;
  /** WeChat Pay's error code or the transport's (`SYSTEM_ERROR`, `ECONNREFUSED` …), when there was one. */
  readonly code?: string;
  /** Whether the request left (`false`: it provably never reached the server). */
  readonly sent: boolean;
  /** Milliseconds the attempt took. */
  readonly ms: number;
  /** Milliseconds waited after it, before the next one (0 for the last, or a failover that went at once). */
  readonly wait: number;
}
