import { WechatpayError } from './wechatpay-error.js';

/**
 * A URI template could not be expanded: a placeholder's variable was not given in the request options,
 * or the template itself is malformed. Raised before anything is signed or sent.
 */
export class TemplateError extends WechatpayError {
  /** The template, e.g. `v3/businesscircle/user-authorizations/{openid}`. */
  readonly template: string;
  /** The variable at fault, when one is. */
  readonly variable: string | undefined;

  constructor(template: string, message: string, variable?: string) {
    super(message);
    this.template = template;
    this.variable = variable;
  }
}
