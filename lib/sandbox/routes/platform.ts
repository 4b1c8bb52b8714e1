/**
 * The routes that need the sandbox itself (its address, keys or APIv3 key) get it as `platform`; this answers
 * when the server did not pass it on.
 *
 * @module
 */

import { problem, type Answer } from '../answer.js';
import type { RouteInput, SandboxPlatform } from '../router.js';

/**
 * Runs `handle` with the sandbox's platform, or answers `500 SYSTEM_ERROR` naming the wiring that is missing.
 *
 * @param input - the route input
 * @param handle - the handler that needs the platform
 */
export function withPlatform(input: RouteInput, handle: (platform: SandboxPlatform) => Answer): Answer {
  if (input.platform === undefined) return problem(500, 'SYSTEM_ERROR', 'sandbox wiring: dispatch() was called without `platform`');
  return handle(input.platform);
}
