/**
 * The `PARAM_ERROR` messages of the sandbox routes, phrased like the endpoints' error tables
 * (`业务必填字段time为空`, `plate_number格式有误`, `time超出取值范围`).
 *
 * @module
 */

/**
 * `业务必填字段<label>为空`: a required field is absent.
 *
 * @param label - the field as the error table names it (e.g. `brand_id`, `AppID`)
 */
export function required(label: string): string {
  return `业务必填字段${label}为空`;
}

/**
 * `<name>格式有误`: a field has the wrong form or type.
 *
 * @param name - the field
 */
export function badFormat(name: string): string {
  return `${name}格式有误`;
}

/**
 * `<name>超出取值范围`: a well-formed value outside the range allowed.
 *
 * @param name - the field
 */
export function outOfRange(name: string): string {
  return `${name}超出取值范围`;
}

/**
 * `<name>取值有误，可选取值：A、B`: a value outside an enumeration.
 *
 * @param name - the field
 * @param values - the values allowed
 */
export function notOneOf(name: string, values: readonly string[]): string {
  return `${name}取值有误，可选取值：${values.join('、')}`;
}

/**
 * `<name>长度应为<min>到<max>个字符`: a string too short or too long.
 *
 * @param name - the field
 * @param min - the least length allowed
 * @param max - the greatest length allowed
 */
export function badLength(name: string, min: number, max: number): string {
  return `${name}长度应为${min}到${max}个字符`;
}

/**
 * `<name>应为<kind>`: a field of the wrong JSON type, e.g. `earn_points应为布尔值`.
 *
 * @param name - the field
 * @param kind - the expected type, in Chinese
 */
export function mustBe(name: string, kind: string): string {
  return `${name}应为${kind}`;
}
