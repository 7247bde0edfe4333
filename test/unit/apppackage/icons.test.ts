import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drawColorIcon, drawOutlineIcon } from '../../../scripts/teams-app/icon-art.js';
import { iconProblems } from '../../../scripts/teams-app/package.js';
import { decodePng, encodePng, readPngHeader } from '../../../scripts/teams-app/png.js';
import { APP_PACKAGE_DIR, readAppPackageJson, type ManifestForTests } from './helpers.js';

const { icons } = readAppPackageJson('manifest.json') as unknown as ManifestForTests;
const colorPng = readFileSync(join(APP_PACKAGE_DIR, icons.color));
const outlinePng = readFileSync(join(APP_PACKAGE_DIR, icons.outline));

describe('Teams app icons', () => {
  it('are 8-bit RGBA PNGs of 192×192 (color) and 32×32 (outline)', () => {
    expect(readPngHeader(colorPng)).toEqual({ widthInPx: 192, heightInPx: 192, bitDepth: 8, colorType: 6, interlace: 0 });
    expect(readPngHeader(outlinePng)).toEqual({ widthInPx: 32, heightInPx: 32, bitDepth: 8, colorType: 6, interlace: 0 });
    expect(iconProblems('color', icons.color, colorPng)).toEqual([]);
    expect(iconProblems('outline', icons.outline, outlinePng)).toEqual([]);
  });

  it('outline icon: only white and transparency, with both present', () => {
    const { pixels } = decodePng(outlinePng);
    let opaque = 0, transparent = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) transparent++;
      else expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([255, 255, 255]);
      if (pixels[i + 3] === 255) opaque++;
    }
    expect(opaque).toBeGreaterThan(150);
    expect(transparent).toBeGreaterThan(200);
  });

  it('color icon: a coloured, mostly opaque picture', () => {
    const { pixels } = decodePng(colorPng);
    let opaque = 0, saturated = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 255) opaque++;
      if (Math.max(pixels[i], pixels[i + 1], pixels[i + 2]) - Math.min(pixels[i], pixels[i + 1], pixels[i + 2]) > 80) saturated++;
    }
    expect(opaque / (192 * 192)).toBeGreaterThan(0.9);
    expect(saturated).toBeGreaterThan(192 * 192 * 0.3);
  });

  it('the committed PNGs are exactly what scripts/make-icons.ts draws', () => {
    expect(encodePng(drawColorIcon()).equals(colorPng)).toBe(true);
    expect(encodePng(drawOutlineIcon()).equals(outlinePng)).toBe(true);
  });

  it('the icon check rejects wrong sizes, non-PNG files and coloured outlines', () => {
    expect(iconProblems('color', 'c.png', outlinePng)).toEqual(['c.png: must be 192×192 px, is 32×32']);
    expect(iconProblems('outline', 'o.png', Buffer.from('GIF89a'))).toEqual(['o.png: not a PNG file (bad signature)']);
    const tinted = decodePng(outlinePng);
    const firstVisible = tinted.pixels.findIndex((_, i) => i % 4 === 3 && tinted.pixels[i] > 0) - 3;
    tinted.pixels[firstVisible + 2] = 0; // white → yellow
    expect(iconProblems('outline', 'o.png', encodePng(tinted))[0]).toMatch(/only white and transparency/);
  });

  it('PNG encoder and decoder round-trip every byte, alpha included', () => {
    const image = { widthInPx: 2, heightInPx: 2, pixels: Uint8Array.from([10, 20, 30, 255, 40, 50, 60, 128, 70, 80, 90, 0, 100, 110, 120, 64]) };
    const unfiltered = decodePng(encodePng(image)).pixels;
    expect([...unfiltered]).toEqual([...image.pixels]);
  });
});
