/** Whether `value` is a plain key-value object (not `null`, not an array): a config section, a JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
