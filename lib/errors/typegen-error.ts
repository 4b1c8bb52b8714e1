import { WechatpayError } from './wechatpay-error.js';

/**
 * `wxpay typegen` (or `npm run typegen`) could not read an API description: the file is missing or not JSON/YAML,
 * a `$ref` leads nowhere, or a construct is not one the generator knows. Names the file and the construct.
 */
export class TypegenError extends WechatpayError {
  /** The file at fault. */
  readonly file: string;
  /** Where in it: a JSON pointer such as `#/paths/~1v3~1pets/post`, or `''` for the whole file. */
  readonly construct: string;

  constructor(file: string, construct: string, message: string, options?: { cause?: unknown }) {
    super(`${file}${construct === '' ? '' : ` ${construct}`}: ${message}`, options);
    this.file = file;
    this.construct = construct;
  }
}
