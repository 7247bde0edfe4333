#!/usr/bin/env bash
# The whole test suite: installs the real services it needs, type-checks, lints, runs jest.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm install --no-audit --no-fund
bash scripts/setup-test-env.sh
npx tsc -p tsconfig.json --noEmit
npx eslint .
exec bash scripts/jest.sh "$@"
