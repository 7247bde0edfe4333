// Minimal PNG codec for 8-bit RGBA images: enough to write the app icons and to check them.
// node:zlib does the deflate work; the rest is the chunk framing from the PNG specification.
import { deflateSync, inflateSync } from 'node:zlib';

export interface RgbaImage {
  widthInPx: number;
  heightInPx: number;
  /** Straight (non-premultiplied) RGBA, row-major, 4 bytes per pixel. */
  pixels: Uint8Array;
}

export interface PngHeader {
  widthInPx: number;
  heightInPx: number;
  bitDepth: number;
  /** 6 = RGBA, 2 = RGB, 3 = palette, 0 = grey, 4 = grey + alpha. */
  colorType: number;
  interlace: number;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGBA = 6;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function encodePng(image: RgbaImage): Buffer {
  const { widthInPx, heightInPx, pixels } = image;
  if (pixels.length !== widthInPx * heightInPx * 4) throw new Error('pixel buffer does not match the image size');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(widthInPx, 0);
  ihdr.writeUInt32BE(heightInPx, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE_RGBA;
  // compression 0, filter method 0, no interlace: bytes 10–12 stay 0
  const rowLength = widthInPx * 4;
  const raw = Buffer.alloc((rowLength + 1) * heightInPx);
  for (let y = 0; y < heightInPx; y++) {
    raw[y * (rowLength + 1)] = 0; // filter type None keeps the output byte-for-byte reproducible
    raw.set(pixels.subarray(y * rowLength, (y + 1) * rowLength), y * (rowLength + 1) + 1);
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface PngChunk {
  type: string;
  data: Buffer;
}

function* readChunks(png: Buffer): Generator<PngChunk> {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file (bad signature)');
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (data.length !== length) throw new Error(`truncated PNG chunk ${type}`);
    if (png.readUInt32BE(offset + 8 + length) !== crc32(png.subarray(offset + 4, offset + 8 + length))) {
      throw new Error(`bad CRC in PNG chunk ${type}`);
    }
    yield { type, data };
    offset += 12 + length;
  }
}

export function readPngHeader(png: Buffer): PngHeader {
  const first = readChunks(png).next();
  if (first.done || first.value.type !== 'IHDR') throw new Error('PNG does not start with an IHDR chunk');
  const ihdr = first.value.data;
  return {
    widthInPx: ihdr.readUInt32BE(0),
    heightInPx: ihdr.readUInt32BE(4),
    bitDepth: ihdr[8],
    colorType: ihdr[9],
    interlace: ihdr[12],
  };
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}

/** Decodes 8-bit RGBA, non-interlaced PNGs (what icon tools and our encoder write); rejects the rest. */
export function decodePng(png: Buffer): RgbaImage {
  const header = readPngHeader(png);
  if (header.bitDepth !== 8 || header.colorType !== COLOR_TYPE_RGBA || header.interlace !== 0) {
    throw new Error(
      `unsupported PNG format (bit depth ${header.bitDepth}, color type ${header.colorType}, interlace ${header.interlace})`,
    );
  }
  const idat = [...readChunks(png)].filter((c) => c.type === 'IDAT').map((c) => c.data);
  const raw = inflateSync(Buffer.concat(idat));
  const { widthInPx, heightInPx } = header;
  const stride = widthInPx * 4;
  if (raw.length !== (stride + 1) * heightInPx) throw new Error('PNG image data has the wrong length');
  const pixels = new Uint8Array(stride * heightInPx);
  for (let y = 0; y < heightInPx; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? pixels[out + x - 4] : 0;
      const up = y > 0 ? pixels[out - stride + x] : 0;
      const upLeft = x >= 4 && y > 0 ? pixels[out - stride + x - 4] : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter type ${filter}`);
      pixels[out + x] = (line[x] + predictor) & 0xff;
    }
  }
  return { widthInPx, heightInPx, pixels };
}
