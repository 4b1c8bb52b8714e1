import { WechatpayError } from '../errors/wechatpay-error.js';

/**
 * The command line itself is wrong: an unknown option or command, a missing value, a malformed `name=value`.
 * The CLI prints its one-line message and exits 2.
 */
export class UsageError extends WechatpayError {
  /** The command whose help to point at, when the error is about one. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.command = command;
  }
}
