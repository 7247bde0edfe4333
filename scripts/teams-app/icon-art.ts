// The app icons, drawn in code so they can be regenerated and reviewed without any image tool:
// three stacked isometric cubes (container images in a registry). A tiny anti-aliased rasterizer
// (supersampled coverage over convex polygons and a rounded square) is all the drawing needs.
import type { RgbaImage } from './png.js';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

/** Paints a colour (opaque) or erases (transparent) wherever `contains` is true. */
interface Layer {
  contains(x: number, y: number): boolean;
  paint: ((x: number, y: number) => Rgb) | 'erase';
}

export interface RasterizeOptions {
  sizeInPx: number;
  /** Samples per pixel along each axis; 8 gives smooth edges at icon sizes. */
  samplesPerAxis?: number;
}

function rasterize(layers: readonly Layer[], options: RasterizeOptions): RgbaImage {
  const { sizeInPx } = options;
  const samples = options.samplesPerAxis ?? 8;
  const pixels = new Uint8Array(sizeInPx * sizeInPx * 4);
  for (let py = 0; py < sizeInPx; py++) {
    for (let px = 0; px < sizeInPx; px++) {
      // Sum premultiplied colour so partly covered edge pixels keep their true hue.
      let r = 0,
        g = 0,
        b = 0,
        covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          // The topmost layer that covers the sample decides its colour (painter's algorithm, read backwards).
          let color: Rgb | undefined;
          for (let l = layers.length - 1; l >= 0; l--) {
            const layer = layers[l];
            if (!layer.contains(x, y)) continue;
            if (layer.paint !== 'erase') color = layer.paint(x, y);
            break;
          }
          if (!color) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          covered++;
        }
      }
      const i = (py * sizeInPx + px) * 4;
      if (covered === 0) continue;
      pixels[i] = Math.round(r / covered);
      pixels[i + 1] = Math.round(g / covered);
      pixels[i + 2] = Math.round(b / covered);
      pixels[i + 3] = Math.round((covered * 255) / (samples * samples));
    }
  }
  return { widthInPx: sizeInPx, heightInPx: sizeInPx, pixels };
}

/**
 * Inside a convex polygon moved inwards by `insetInPx` on every side: a positive inset draws the gaps
 * between faces, a negative one grows the shape (used to erase a margin around a cube).
 */
function convex(points: readonly Point[], insetInPx = 0): (x: number, y: number) => boolean {
  let doubledArea = 0;
  points.forEach((from, i) => {
    const to = points[(i + 1) % points.length];
    doubledArea += from[0] * to[1] - to[0] * from[1];
  });
  const inward = Math.sign(doubledArea) || 1;
  const edges = points.map((from, i) => {
    const to = points[(i + 1) % points.length];
    const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
    return { from, nx: (-(to[1] - from[1]) / length) * inward, ny: ((to[0] - from[0]) / length) * inward };
  });
  // A bounding box (grown for negative insets) rejects most samples before the edge tests.
  const margin = Math.max(0, -insetInPx) * 2;
  const minX = Math.min(...points.map((p) => p[0])) - margin,
    maxX = Math.max(...points.map((p) => p[0])) + margin;
  const minY = Math.min(...points.map((p) => p[1])) - margin,
    maxY = Math.max(...points.map((p) => p[1])) + margin;
  return (x, y) => {
    if (x < minX || x > maxX || y < minY || y > maxY) return false;
    for (const { from, nx, ny } of edges) if ((x - from[0]) * nx + (y - from[1]) * ny < insetInPx) return false;
    return true;
  };
}

function roundedSquare(sizeInPx: number, radiusInPx: number): (x: number, y: number) => boolean {
  return (x, y) => {
    const dx = Math.max(radiusInPx - x, x - (sizeInPx - radiusInPx), 0);
    const dy = Math.max(radiusInPx - y, y - (sizeInPx - radiusInPx), 0);
    return dx * dx + dy * dy <= radiusInPx * radiusInPx;
  };
}

interface CubeFaces {
  top: Point[];
  left: Point[];
  right: Point[];
}

/** Isometric cube whose vertical axis passes through (cx, cy) — the centre of the silhouette. */
function cube(cx: number, cy: number, edge: number): CubeFaces {
  const w = edge * Math.cos(Math.PI / 6);
  const top: Point = [cx, cy - edge];
  const upperRight: Point = [cx + w, cy - edge / 2];
  const lowerRight: Point = [cx + w, cy + edge / 2];
  const bottom: Point = [cx, cy + edge];
  const lowerLeft: Point = [cx - w, cy + edge / 2];
  const upperLeft: Point = [cx - w, cy - edge / 2];
  const centre: Point = [cx, cy];
  return {
    top: [top, upperRight, centre, upperLeft],
    left: [upperLeft, centre, bottom, lowerLeft],
    right: [centre, upperRight, lowerRight, bottom],
  };
}

/** Two cubes side by side and one resting on them, drawn back to front. */
function cubePyramid(centreX: number, centreY: number, edge: number): CubeFaces[] {
  const w = edge * Math.cos(Math.PI / 6);
  // The glyph spans 3 edges vertically (top cube top at cy - 2e, bottom cubes at cy + e).
  const cy = centreY + edge / 2;
  return [cube(centreX - w, cy, edge), cube(centreX + w, cy, edge), cube(centreX, cy - edge, edge)];
}

const solid = (color: Rgb) => () => color;

/** 192×192 full-colour icon: white/blue cubes on an Azure-blue rounded square. */
export function drawColorIcon(sizeInPx = 192): RgbaImage {
  const unit = sizeInPx / 192;
  const from: Rgb = [0x3a, 0x96, 0xdd];
  const to: Rgb = [0x0b, 0x4f, 0x9c];
  const background = (x: number, y: number): Rgb => {
    const t = Math.min(1, Math.max(0, (x + y) / (2 * sizeInPx)));
    return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t];
  };
  const layers: Layer[] = [{ contains: roundedSquare(sizeInPx, 40 * unit), paint: background }];
  const gapInPx = 2.4 * unit;
  for (const faces of cubePyramid(sizeInPx / 2, sizeInPx / 2, 34 * unit)) {
    layers.push(
      { contains: convex(faces.left, gapInPx), paint: solid([0xd3, 0xe7, 0xfa]) },
      { contains: convex(faces.right, gapInPx), paint: solid([0x95, 0xc6, 0xf0]) },
      { contains: convex(faces.top, gapInPx), paint: solid([0xff, 0xff, 0xff]) },
    );
  }
  // 4×4 samples per pixel are plenty at this size and keep the pixel-exact test fast.
  return rasterize(layers, { sizeInPx, samplesPerAxis: 4 });
}

/** 32×32 outline icon: the same glyph in pure white on transparency (Teams tints it itself). */
export function drawOutlineIcon(sizeInPx = 32): RgbaImage {
  const unit = sizeInPx / 32;
  const white = solid([0xff, 0xff, 0xff]);
  const layers: Layer[] = [];
  const gapInPx = 0.75 * unit;
  for (const faces of cubePyramid(sizeInPx / 2, sizeInPx / 2, 8.6 * unit)) {
    // Each cube first erases what lies behind it, so overlapping cubes stay separated by a gap.
    const silhouette = [faces.top[0], faces.top[1], faces.right[2], faces.left[2], faces.left[3], faces.top[3]];
    layers.push({ contains: convex(silhouette, -gapInPx), paint: 'erase' });
    for (const face of [faces.left, faces.right, faces.top])
      layers.push({ contains: convex(face, gapInPx), paint: white });
  }
  return rasterize(layers, { sizeInPx });
}
