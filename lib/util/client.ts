/**
 * What the helpers take as "the client": the chain root `Builder.factory()` returns (or any node of it), or its
 * `ClientDecorator`.
 *
 * @module
 */

import { ClientDecorator } from '../decorator.js';

/** A client: the root (or any node) of a chain, or its driver. */
export type ClientLike = ClientDecorator | { getDriver(): ClientDecorator };

/**
 * The driver of a client.
 *
 * @param client - a chain node or a `ClientDecorator`
 */
export function driverOf(client: ClientLike): ClientDecorator {
  return client instanceof ClientDecorator ? client : client.getDriver();
}
