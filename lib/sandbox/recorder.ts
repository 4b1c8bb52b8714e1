/**
 * The request log: every request the sandbox receives, byte for byte, with the outcome of its
 * `Authorization` check.
 *
 * @module
 */

import type { IncomingHttpHeaders } from 'node:http';

/** A request as the sandbox received it. */
export interface RecordedRequest {
  /** The request method, e.g. `'POST'`. */
  readonly method: string;
  /** The raw request target exactly as received, e.g. `'/v3/x?a=%E7%B2%A4'`. */
  readonly target: string;
  /** The target's path, before `?`, still percent-encoded as received. */
  readonly path: string;
  /** The query, percent-decoded (`+` as a space; for a repeated name, the last value wins). */
  readonly query: Readonly<Record<string, string>>;
  /** The request headers, with lower-case names as Node parses them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The exact body bytes (empty when there is no body). */
  readonly body: Buffer;
  /** The body decoded as UTF-8. */
  readonly text: string;
  /** Whether the `Authorization` check passed; always `false` outside `/v3/`, where no check is made. */
  readonly authorized: boolean;
  /** Why the `Authorization` check failed; absent when it passed or was not made. */
  readonly authError?: string;
}

/** A request target split at the first `?`. */
export interface SplitTarget {
  /** The part before `?`. */
  readonly path: string;
  /** The part after `?`, without it (empty when there is none). */
  readonly rawQuery: string;
}

/**
 * Splits a request target into its path and its raw query.
 *
 * @param target - the raw request target, e.g. `/v3/x?a=1`
 */
export function splitTarget(target: string): SplitTarget {
  const mark = target.indexOf('?');
  return mark < 0 ? { path: target, rawQuery: '' } : { path: target.slice(0, mark), rawQuery: target.slice(mark + 1) };
}

/**
 * Decodes a raw query as a form would (`%XX` sequences and `+` as a space; the last of repeated names wins).
 *
 * @param rawQuery - the query without `?`
 */
export function decodeQuery(rawQuery: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(rawQuery));
}

/** What the sandbox knows about a request once it has read it and checked its `Authorization`. */
export interface RecordInput {
  /** The request method. */
  readonly method: string;
  /** The raw request target. */
  readonly target: string;
  /** The request headers. */
  readonly headers: IncomingHttpHeaders;
  /** The exact body bytes. */
  readonly body: Buffer;
  /** Whether the `Authorization` check passed. */
  readonly authorized: boolean;
  /** Why the check failed, when it did. */
  readonly authError?: string | undefined;
}

/**
 * Builds the record of a request.
 *
 * @param received - the request and the outcome of its `Authorization` check
 */
export function recordOf(received: RecordInput): RecordedRequest {
  const { path, rawQuery } = splitTarget(received.target);
  const record: RecordedRequest = {
    method: received.method,
    target: received.target,
    path,
    query: decodeQuery(rawQuery),
    headers: { ...received.headers },
    body: received.body,
    text: received.body.toString('utf8'),
    authorized: received.authorized,
  };
  return received.authError === undefined ? record : { ...record, authError: received.authError };
}

/** The in-order log of every request a sandbox received. */
export class Recorder {
  readonly #requests: RecordedRequest[] = [];

  /**
   * Appends a request to the log.
   *
   * @param request - the record to keep
   */
  add(request: RecordedRequest): void {
    this.#requests.push(request);
  }

  /** A snapshot of the log, oldest first. */
  all(): readonly RecordedRequest[] {
    return [...this.#requests];
  }

  /** The most recent request, if any. */
  last(): RecordedRequest | undefined {
    return this.#requests.at(-1);
  }

  /** Empties the log. */
  clear(): void {
    this.#requests.length = 0;
  }
}
