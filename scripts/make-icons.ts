// Regenerates appPackage/color.png (192×192) and appPackage/outline.png (32×32) from scripts/teams-app/icon-art.ts.
// Usage: npx tsx scripts/make-icons.ts [outputDir]   (default: appPackage/)
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { drawColorIcon, drawOutlineIcon } from './teams-app/icon-art.js';
import { encodePng } from './teams-app/png.js';

const outputDir = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'appPackage'));
for (const [name, image] of [
  ['color.png', drawColorIcon()],
  ['outline.png', drawOutlineIcon()],
] as const) {
  const path = join(outputDir, name);
  writeFileSync(path, encodePng(image));
  console.log(`wrote ${path} (${image.widthInPx}×${image.heightInPx})`);
}
