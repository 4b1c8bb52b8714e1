/**
 * A tiny PNG encoder for the sandbox's images: a 1×1 pixel carrying a text chunk, so a test can read back what the
 * sandbox put in it.
 *
 * @module
 */

import { deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The CRC-32 (IEEE 802.3) lookup table. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of `bytes`, as PNG chunks carry it. */
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A valid 1×1 RGB PNG with an `iTXt` chunk holding `text` (UTF-8) under `keyword`.
 *
 * @param keyword - the chunk's keyword (1–79 Latin-1 characters)
 * @param text - the text
 */
export function pngWithText(keyword: string, text: string): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const itxt = Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]);
  const pixel = deflateSync(Buffer.from([0, 0x07, 0xc1, 0x60]));
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('iTXt', itxt), chunk('IDAT', pixel), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * The text of the first `iTXt` chunk with `keyword` in a PNG made by {@link pngWithText}, or `undefined`.
 *
 * @param png - the image
 * @param keyword - the chunk's keyword
 */
export function pngText(png: Buffer, keyword: string): string | undefined {
  for (let at = SIGNATURE.length; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'iTXt' && data.subarray(0, keyword.length + 1).equals(Buffer.from(`${keyword}\0`, 'latin1'))) {
      return data.subarray(keyword.length + 5).toString('utf8');
    }
    at += 12 + length;
  }
  return undefined;
}
