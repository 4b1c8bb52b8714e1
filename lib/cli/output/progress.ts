/**
 * The download progress bar `wxpay bill` draws on a terminal: a pure renderer of one line for a given width, and
 * a reporter that redraws it in place (`\r`), at most every {@link REDRAW_MS} milliseconds.
 *
 * @module
 */

import type { Output } from '../io.js';

/** The least time between two redraws. */
export const REDRAW_MS = 100;

/** The width assumed when the terminal does not say. */
const DEFAULT_COLUMNS = 80;

/** The narrowest bar worth drawing; below it, only the numbers are shown. */
const MIN_BAR = 10;

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** A size for people: `512 B`, `1.5 KiB`, `230.4 MiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit] ?? ''}`;
}

/**
 * One line of progress, never wider than `columns - 1` (so the terminal does not wrap it):
 * `[#########...........]  45%  1.2 MiB / 2.6 MiB` with a total, `1.2 MiB received` without one.
 *
 * @param bytes - received so far
 * @param total - the expected size, when known
 * @param columns - the terminal's width
 */
export function renderProgress(bytes: number, total: number | undefined, columns: number): string {
  const room = Math.max(columns - 1, 0);
  if (total === undefined || total <= 0) return `${formatBytes(bytes)} received`.slice(0, room);
  const ratio = Math.min(bytes / total, 1);
  const numbers = `${String(Math.floor(ratio * 100)).padStart(3)}%  ${formatBytes(bytes)} / ${formatBytes(total)}`;
  const width = room - numbers.length - 3;
  if (width < MIN_BAR) return numbers.slice(0, room);
  const done = Math.floor(ratio * width);
  return `[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${numbers}`;
}

/** The terminal's width, {@link DEFAULT_COLUMNS} when it does not say (a pseudo-terminal may say 0). */
function terminalWidth(out: Output): number {
  return out.columns !== undefined && out.columns > 0 ? out.columns : DEFAULT_COLUMNS;
}

/** A progress line being drawn. */
export interface ProgressReporter {
  /** Takes a new count; redraws when enough time has passed (`downloadBill`'s `onProgress`). */
  readonly update: (bytes: number, total?: number) => void;
  /** Erases the line. */
  readonly clear: () => void;
}

/**
 * Draws progress on a terminal, redrawing the line in place.
 *
 * @param out - the terminal (stderr); its `columns` is read at each redraw, so a resize is followed
 * @param now - the clock, in milliseconds
 */
export function progressReporter(out: Output, now: () => number = Date.now): ProgressReporter {
  let last = -Infinity;
  let drawn = 0;
  const draw = (line: string): void => {
    out.write(`\r${line.padEnd(drawn)}`);
    drawn = line.length;
  };
  return {
    update(bytes, total) {
      if (now() - last < REDRAW_MS) return;
      last = now();
      draw(renderProgress(bytes, total, terminalWidth(out)));
    },
    clear() {
      if (drawn > 0) out.write(`\r${' '.repeat(drawn)}\r`);
      drawn = 0;
    },
  };
}
