/** XML ⇄ object conversion for APIv2; see {@link Transformer}. */
export { Transformer } from './transformer.js';
export type { XmlData } from './transformer.js';
