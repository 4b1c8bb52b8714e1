/**
 * Splits a byte or text stream into lines, one chunk at a time: the memory held is one line, whatever the size of
 * the stream.
 *
 * @module
 */

/** What {@link lines} reads: a Node `Readable`, or any async (or sync) iterable of bytes or text. */
export type LineSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * The lines of a stream, without their ending (`\n` or `\r\n`). Bytes are decoded as UTF-8 across chunk
 * boundaries (a `string` chunk is taken as text), and a leading byte order mark is dropped. The last line is
 * yielded even without an ending; an empty stream yields nothing.
 *
 * @param source - the stream
 */
export async function* lines(source: LineSource): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let first = true;
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && pending !== '') {
      pending = withoutBom(pending);
      first = false;
    }
    let start = 0;
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      yield withoutCarriageReturn(pending.slice(start, end));
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending !== '') yield withoutCarriageReturn(first ? withoutBom(pending) : pending);
}

function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function withoutCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
