import { randomFillSync } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** The largest multiple of 62 that fits a byte: bytes at or above it are redrawn, so every character is equally likely. */
const UNBIASED_LIMIT = 248;

/** Random bytes drawn from the CSPRNG 4 KiB at a time: one call per ~100 nonces instead of one per nonce. */
const pool = Buffer.alloc(4096);
let drawn = pool.length;

function randomByte(): number {
  if (drawn === pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  return pool[drawn++] as number;
}

/** A value PHP would cast to string when joining: `true` → `1`, `false`/`null`/`undefined` → empty. */
export type Stringish = string | number | bigint | boolean | null | undefined;

function castString(value: Stringish): string {
  if (value === true) return '1';
  if (value === false || value === null || value === undefined) return '';
  return String(value);
}

/** A WeChat Pay CSV bill, parsed: the detail rows keyed by the header row, and the summary row keyed by the summary header. */
export interface CsvBill {
  /** The detail rows (明细数据), each keyed by the header row (交易时间, 公众账号ID, …). */
  rows: Record<string, string>[];
  /** The summary row (汇总数据), keyed by the summary header (总交易单数, 应结订单总金额, …); `{}` when the bill has none. */
  summary: Record<string, string>;
}

/** The byte order mark WeChat Pay puts at the start of a bill. */
const BOM = '\uFEFF';

/**
 * The string helpers of the WeChat Pay protocols, mirroring PHP's `WeChatPay\Formatter`.
 * Every function is pure but `nonce` and `timestamp`.
 */
export class Formatter {
  /**
   * A random base62 string (`[0-9A-Za-z]{size}`) from the CSPRNG.
   * Unlike PHP (`byte % 62`) it redraws biased bytes, so every character is equally likely.
   * @throws RangeError `Size must be a positive integer.` when `size` < 1 or is not an integer.
   */
  static nonce(size = 32): string {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('Size must be a positive integer.');
    let out = '';
    while (out.length < size) {
      const byte = randomByte();
      if (byte < UNBIASED_LIMIT) out += BASE62.charAt(byte % 62);
    }
    return out;
  }

  /** Unix time in whole seconds. */
  static timestamp(): number {
    return Math.floor(Date.now() / 1000);
  }

  /**
   * The APIv3 `Authorization` header value. The argument order is PHP's (it differs from the header's field order):
   * `WECHATPAY2-SHA256-RSA2048 mchid="…",serial_no="…",timestamp="…",nonce_str="…",signature="…"`.
   */
  static authorization(mchid: string, nonce: string, signature: string, timestamp: Stringish, serial: string): string {
    return `WECHATPAY2-SHA256-RSA2048 mchid="${mchid}",serial_no="${serial}",timestamp="${castString(timestamp)}",nonce_str="${nonce}",signature="${signature}"`;
  }

  /** The APIv3 request signing message `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n` (every line ends in `\n`, even an empty body). */
  static request(method: Stringish, uri: Stringish, timestamp: Stringish, nonce: Stringish, body: Stringish = ''): string {
    return Formatter.joinedByLineFeed(method, uri, timestamp, nonce, body);
  }

  /** The APIv3 response (and callback) signing message `TIMESTAMP\nNONCE\nBODY\n`. */
  static response(timestamp: Stringish, nonce: Stringish, body: Stringish = ''): string {
    return Formatter.joinedByLineFeed(timestamp, nonce, body);
  }

  /** Each piece followed by `\n`, with PHP's string casts (`true` → `1`, `false`/`null` → empty); no pieces → `''`. */
  static joinedByLineFeed(...pieces: Stringish[]): string {
    let out = '';
    for (const piece of pieces) out += `${castString(piece)}\n`;
    return out;
  }

  /**
   * A copy of `thing` with its keys in byte order (PHP `ksort(SORT_STRING)`: case-sensitive,
   * `A-Z` < `_` < `a-z`). Never a locale or natural order, which broke red-packet signatures (wechatpay-php#41).
   * Caveat of JS objects: integer-like keys always iterate first; WeChat Pay never uses such keys.
   */
  static ksort<T extends Record<string, unknown>>(thing: T): T {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(thing).sort(byCodeUnit)) sorted[key] = thing[key];
    return sorted as T;
  }

  /**
   * `k=v` pairs joined by `&`, in the object's order, values raw (not URL-encoded): the APIv2 signing string.
   * Skips the key `sign` and the values `null`, `undefined`, `''` and — a deliberate deviation from PHP,
   * which signs `false` as `k=` while `toXml` writes an empty element — `false`.
   */
  static queryStringLike(thing: Record<string, unknown>): string {
    const pairs: string[] = [];
    for (const [key, value] of Object.entries(thing)) {
      if (key === 'sign' || value === null || value === undefined || value === '' || value === false) continue;
      pairs.push(`${key}=${scalar(key, value)}`);
    }
    return pairs.join('&');
  }

  /**
   * One line of a WeChat Pay CSV bill as an object: the cells keyed by `keys` (by position), a cell beyond the
   * keys keyed by its index. A line that starts with a backtick (a data or summary row: WeChat Pay prefixes every
   * cell with `` ` `` so that spreadsheets keep long numbers) is split on `` ,` `` with the backticks dropped;
   * any other line (a header) is split on `,`. Like the axios plugin's `castCsvLine`, a comma inside a backticked
   * cell is kept.
   */
  static castCsvLine(line: string, keys: readonly string[] = []): Record<string, string> {
    const ticked = line.startsWith('`');
    const cells = ticked ? line.slice(1).split(',`') : line.split(',');
    return Object.fromEntries(cells.map((cell, index) => [keys[index] ?? String(index), cell]));
  }

  /**
   * Parses a whole WeChat Pay CSV bill (交易账单 or 资金账单, APIv3 or APIv2): the UTF-8 byte order mark is
   * dropped, CRLF and LF both end lines, blank lines are skipped; the first line is the header, the last two
   * are the summary header and the summary row, and every line between is a detail row (see
   * {@link Formatter.castCsvLine}). A bill of fewer than three lines has no summary (`{}`).
   * For a large bill, stream it through `CsvBillReader` instead: this reads it all into memory.
   */
  static castCsvBill(input: string | Uint8Array): CsvBill {
    const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('utf8');
    const lines = (text.startsWith(BOM) ? text.slice(1) : text).split(/\r?\n/).filter((line) => line !== '');
    const [head, ...rest] = lines;
    if (head === undefined) return { rows: [], summary: {} };
    const keys = Object.values(Formatter.castCsvLine(head));
    const tail = rest.length >= 2 ? rest.splice(-2) : [];
    const rows = rest.map((line) => Formatter.castCsvLine(line, keys));
    const [caption, total] = tail;
    const summary = caption === undefined || total === undefined ? {} : Formatter.castCsvLine(total, Object.values(Formatter.castCsvLine(caption)));
    return { rows, summary };
  }
}

/** A signable value: scalars, or an object with its own `toString` (PHP's Stringable); never a nested structure. */
function scalar(key: string, value: unknown): string {
  if (value === true) return '1';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.toString !== Object.prototype.toString) {
    return (value as { toString(): string }).toString();
  }
  throw new TypeError(`The value of \`${key}\` is a ${Array.isArray(value) ? 'list' : typeof value}: APIv2 data must be flat (strings and numbers); serialise nested data, e.g. as JSON.`);
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
