/**
 * A streaming reader of WeChat Pay CSV bills, for bills too large to hold in memory.
 *
 * @module
 */

import { Formatter } from '../formatter.js';
import { lines, type LineSource } from './lines.js';

/**
 * Reads a WeChat Pay CSV bill (交易账单, 资金账单) line by line, in constant memory: iterate it for the detail
 * rows, each keyed by the header row; once the iteration ends, {@link CsvBillReader.summary} holds the summary row
 * keyed by the summary header. The rules are those of `Formatter.castCsvBill` (BOM dropped, CRLF or LF, blank
 * lines skipped, backticks stripped, the last two lines are the summary), applied with a look-ahead of two lines.
 *
 * ```ts
 * const bill = new CsvBillReader(createReadStream('2024-03-01.csv'));
 * for await (const row of bill) total += Number(row['应结订单金额']);
 * console.log(bill.summary['总交易单数']);
 * ```
 *
 * A reader can be iterated once.
 */
export class CsvBillReader implements AsyncIterable<Record<string, string>> {
  readonly #source: LineSource;
  #started = false;
  #header: readonly string[] = [];
  #summary: Record<string, string> = {};
  #count = 0;

  /**
   * @param source - the bill: a `Readable` (a file, a download) or any iterable of bytes or text
   */
  constructor(source: LineSource) {
    this.#source = source;
  }

  /** The header row's names, once the first row has been read. */
  get header(): readonly string[] {
    return this.#header;
  }

  /** The summary row keyed by the summary header: `{}` until the iteration has ended, or for a bill without one. */
  get summary(): Readonly<Record<string, string>> {
    return this.#summary;
  }

  /** How many detail rows have been read so far. */
  get count(): number {
    return this.#count;
  }

  /**
   * The detail rows, in order.
   * @throws TypeError when iterated a second time (the source stream has been consumed).
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<Record<string, string>, void, undefined> {
    if (this.#started) throw new TypeError('A CsvBillReader reads its stream once: create another reader to read the bill again.');
    this.#started = true;
    const held: string[] = [];
    let headed = false;
    for await (const line of lines(this.#source)) {
      if (line === '') continue;
      if (!headed) {
        this.#header = cells(line);
        headed = true;
        continue;
      }
      held.push(line);
      if (held.length > 2) {
        this.#count += 1;
        yield Formatter.castCsvLine(held.shift() as string, this.#header);
      }
    }
    yield* this.#finish(held);
  }

  /** The held lines at the end: the summary header and row, or (fewer than two) detail rows. */
  *#finish(held: readonly string[]): Generator<Record<string, string>, void, undefined> {
    const [caption, total] = held;
    if (caption !== undefined && total !== undefined) {
      this.#summary = Formatter.castCsvLine(total, cells(caption));
      return;
    }
    for (const line of held) {
      this.#count += 1;
      yield Formatter.castCsvLine(line, this.#header);
    }
  }
}

/** The cells of a line, in order. */
function cells(line: string): string[] {
  return Object.values(Formatter.castCsvLine(line));
}
