/**
 * Bounded text for messages and JSON: what a server controls (a header, a body excerpt) is clipped before it is
 * put into an error, so a hostile 12 KB header gives a short message.
 *
 * @module
 */

/** The most characters of one server-controlled value that a message shows. */
export const CLIP_LENGTH = 100;

/**
 * `text` as it is when short; else its first `max` characters and how long it was.
 *
 * @param text - the value to show
 * @param max - the most characters to keep
 */
export function clip(text: string, max: number = CLIP_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${String(text.length)} characters)`;
}
