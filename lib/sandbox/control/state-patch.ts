/**
 * Changes to {@link SandboxState} sent over the control API: each member checked against the values it takes, before
 * any is applied.
 *
 * @module
 */

import type { SandboxState } from '../state.js';

/** The values an enumerated member takes. */
const ENUMS: Readonly<Partial<Record<keyof SandboxState, readonly string[]>>> = {
  serviceState: ['NORMAL', 'PAUSE', 'OUT_SERVICE'],
  authorizeState: ['AUTHORIZED', 'UNAUTHORIZED', 'DEAUTHORIZED'],
  pendingStatus: ['PENDING', 'FINISHED'],
  userState: ['NORMAL', 'BLOCK'],
  deductMode: ['PROACTIVE', 'AUTOPAY'],
};

/** The members that are whole numbers ≥ 0, and the boolean ones. */
const COUNTS: readonly string[] = ['rateLimit', 'billSize'];
const FLAGS: readonly string[] = ['billCorrupt'];

/** Why one member's new value is refused, or `undefined`. */
function memberIssue(name: string, value: unknown): string | undefined {
  const allowed = ENUMS[name as keyof SandboxState];
  if (allowed !== undefined) return typeof value === 'string' && allowed.includes(value) ? undefined : `${name} takes ${allowed.join(', ')}`;
  if (COUNTS.includes(name)) return Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : `${name} takes a whole number >= 0`;
  if (FLAGS.includes(name)) return typeof value === 'boolean' ? undefined : `${name} takes true or false`;
  return `unknown state member ${JSON.stringify(name)}; the members are ${[...Object.keys(ENUMS), ...COUNTS, ...FLAGS].join(', ')}`;
}

/**
 * Applies a partial state, all or nothing.
 *
 * @param state - the sandbox's state
 * @param patch - the members to change, e.g. `{ "rateLimit": 5, "serviceState": "PAUSE" }`
 * @returns why the patch is refused (nothing applied), or `undefined` once applied
 */
export function patchState(state: SandboxState, patch: unknown): string | undefined {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return 'the body must be a JSON object of state members';
  for (const [name, value] of Object.entries(patch)) {
    const issue = memberIssue(name, value);
    if (issue !== undefined) return issue;
  }
  Object.assign(state, patch);
  return undefined;
}
