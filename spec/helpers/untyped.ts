import type { Chainable, Root } from '../../lib/index.js';

/**
 * The chain with every path dynamic (docs/types.md, "Opting out"): for specs of the pipelines that send made-up or
 * deliberately incomplete data to the sandbox, which the typed endpoints would rightly refuse.
 */
export function untyped(root: Root): Chainable {
  return root as unknown as Chainable;
}
