import { Builder, ClientDecorator, WechatpayResponse, type Driver, type RequestOptions, type Root } from '../../lib/index.js';
import { createRoot } from '../../lib/builder/node.js';

/** A driver that records what the chain hands it and answers 204: for builder unit tests (no network). */
export class RecordingDriver implements Driver {
  readonly calls: { method: string; uri: string; options: RequestOptions }[] = [];

  async request(method: string, uri: string, options: RequestOptions = {}): Promise<WechatpayResponse> {
    this.calls.push({ method, uri, options });
    return new WechatpayResponse({ status: 204, headers: {} });
  }
}

/** A root node over a recording driver. */
export function recordingRoot(): { root: Root; driver: RecordingDriver } {
  const driver = new RecordingDriver();
  return { root: createRoot(driver), driver };
}

export { Builder, ClientDecorator };
