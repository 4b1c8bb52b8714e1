/**
 * Small pure validators shared by the sandbox routes: presence, lengths, RFC 3339 times and
 * Chinese plate numbers.
 *
 * @module
 */

/** The JSON object a route receives as its request body (`{}` for a request without one). */
export type JsonObject = Readonly<Record<string, unknown>>;

/** The province abbreviations a Chinese plate number may start with. */
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** A province abbreviation, then one or more upper-case letters, digits or Chinese characters. */
const PLATE_NUMBER = new RegExp(`^[${PROVINCES}][A-Z0-9\\p{Script=Han}]+$`, 'u');

/** `yyyy-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`: RFC 3339 `date-time`, with an upper-case `T` and `Z`. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds in a minute. */
const MINUTE_MS = 60_000;

/** The UTC offset of Beijing time (+08:00), in milliseconds. */
const BEIJING_OFFSET_MS = 8 * 60 * MINUTE_MS;

/**
 * Whether a field counts as absent: missing, `null` or the empty string (`false` and `0` are present).
 *
 * @param value - the field's value
 */
export function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The first of `names` whose field in `fields` is absent (see {@link isMissing}), or `undefined`.
 *
 * @param fields - a JSON body or a decoded query
 * @param names - the required field names, in the order they are checked
 */
export function firstMissing(fields: JsonObject, names: readonly string[]): string | undefined {
  return names.find((name) => isMissing(fields[name]));
}

/**
 * Whether `text` has between `min` and `max` characters (Unicode code points), both inclusive.
 *
 * @param text - the text to measure
 * @param min - the least length allowed
 * @param max - the greatest length allowed
 */
export function isLengthWithin(text: string, min: number, max: number): boolean {
  const length = Array.from(text).length;
  return length >= min && length <= max;
}

/**
 * Whether `text` is a Chinese plate number: a province abbreviation (`粤`, `京`, …) followed by
 * one or more upper-case letters, digits or Chinese characters, e.g. `粤B888888` or `京A12345学`.
 *
 * @param text - the plate number
 */
export function isPlateNumber(text: string): boolean {
  return PLATE_NUMBER.test(text);
}

/** Whether `year` is a Gregorian leap year. */
function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The number of days in `month` (1–12) of `year`. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses an RFC 3339 `date-time` such as `2022-06-01T10:43:39+08:00`, `2022-06-01T02:43:39Z` or
 * `2022-06-01T10:43:39.123+08:00` into milliseconds since the Unix epoch. Dates and times must exist
 * (no 31 April, no 24:00, no leap second); `T` and `Z` must be upper case, as WeChat Pay writes them.
 *
 * @param text - the timestamp
 * @returns the instant in epoch milliseconds, or `undefined` when `text` is not a valid RFC 3339 date-time
 */
export function parseRfc3339(text: string): number | undefined {
  const match = RFC3339.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [offsetHours, offsetMinutes] = [Number(oh ?? 0), Number(om ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const local = Date.UTC(year, month - 1, day, hour, minute, second) + Number((fraction ?? '').slice(1, 4).padEnd(3, '0'));
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * MINUTE_MS;
  return local - offset;
}

/**
 * Formats an instant as WeChat Pay does, in Beijing time with seconds precision:
 * `2015-05-20T13:29:35+08:00`.
 *
 * @param date - the instant
 */
export function formatBeijingTime(date: Date): string {
  return `${new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/**
 * The first of `names` whose field is present (see {@link isMissing}) but not a string, or `undefined`.
 *
 * @param fields - a JSON body
 * @param names - the string fields, in the order they are checked
 */
export function firstNonString(fields: JsonObject, names: readonly string[]): string | undefined {
  return names.find((name) => !isMissing(fields[name]) && typeof fields[name] !== 'string');
}

/**
 * Whether `value` is a JSON integer ≥ 0 (not a numeric string).
 *
 * @param value - the field's value
 */
export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
