/**
 * Quoting for the command lines `wxpay` prints for pasting.
 *
 * @module
 */

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[\p{L}\p{N}_/.:=@%+,-]+$/u.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
