/**
 * The command table. A command is one file exporting a {@link Command}; adding one is adding it here.
 *
 * @module
 */

import type { Command } from '../command.js';
import { billCommand } from './bill.js';
import { crtCommand } from './crt.js';
import { notifyCommand } from './notify.js';
import { requestCommand } from './request.js';
import { sandboxCommand } from './sandbox.js';
import { typegenCommand } from './typegen.js';

/** Every command, in the order `wxpay --help` lists them; the first is the default (`wxpay <path>`). */
export const COMMANDS: readonly Command[] = [requestCommand, crtCommand, billCommand, sandboxCommand, notifyCommand, typegenCommand];

/** The command run when the first argument names none: the API call. */
export const DEFAULT_COMMAND: Command = requestCommand;

/** The command of that name, if any. */
export function findCommand(name: string | undefined): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
