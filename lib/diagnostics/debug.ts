/**
 * One line of text per diagnostics event: what `NODE_DEBUG=wechatpay` prints to stderr and what the CLI's `-v`
 * adds, e.g. `request:verified id=3 protocol=v3 method=GET path=/v3/certificates attempt=1 status=200 …`.
 *
 * @module
 */

import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { debuglog } from 'node:util';
import { CHANNELS, type ChannelName } from './channels.js';

function value(item: unknown): string {
  if (Array.isArray(item)) return item.map(value).join(',');
  if (typeof item === 'string') return /^[^\s"=]+$/.test(item) ? item : JSON.stringify(item);
  return String(item);
}

/**
 * A message as one line: the channel name without `wechatpay:`, then `key=value` for every field that is set.
 *
 * @param name - the channel
 * @param message - its message
 */
export function formatEvent(name: string, message: unknown): string {
  const fields = typeof message === 'object' && message !== null ? Object.entries(message) : [];
  const parts = fields.filter(([, item]) => item !== undefined).map(([key, item]) => `${key}=${value(item)}`);
  return [name.replace(/^wechatpay:/, ''), ...parts].join(' ');
}

/**
 * Subscribes to every channel of {@link CHANNELS}, handing each event to `write` as one line (no newline).
 *
 * @param write - where the lines go
 * @returns a function that unsubscribes again
 */
export function subscribeEventLines(write: (line: string) => void): () => void {
  const names = Object.values(CHANNELS) as ChannelName[];
  const listeners = names.map((name) => {
    const listener = (message: unknown): void => write(formatEvent(name, message));
    subscribe(name, listener);
    return [name, listener] as const;
  });
  return () => {
    for (const [name, listener] of listeners) unsubscribe(name, listener);
  };
}

let installed = false;

/** With `NODE_DEBUG=wechatpay` (or a list naming it), prints every event to stderr through `util.debuglog`. Once per process. */
export function installNodeDebug(): void {
  if (installed) return;
  installed = true;
  const log = debuglog('wechatpay');
  if (log.enabled) subscribeEventLines((line) => log('%s', line));
}
