import { NotificationError, type NotificationErrorOptions } from './notification-error.js';

/**
 * Which part of a callback could not be read: `'body'` (the APIv3 JSON envelope or the APIv2 XML), or `'resource'`
 * (the decrypted APIv3 plaintext).
 */
export type NotificationPart = 'body' | 'resource';

/**
 * A callback is malformed: its body is not JSON (APIv3) or XML (APIv2), it lacks the fields of a WeChat Pay
 * notification, or its decrypted `resource` is not JSON. The message never quotes the decrypted plaintext.
 */
export class NotificationFormatError extends NotificationError {
  /** The part that could not be read. */
  readonly part: NotificationPart;

  constructor(message: string, part: NotificationPart, options?: NotificationErrorOptions) {
    super(message, options);
    this.part = part;
  }
}
