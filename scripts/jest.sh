#!/usr/bin/env bash
# jest with the Node flag that ts-jest's ESM mode needs; JEST_PROJECT=unit|integration picks one project
# (jest's own --selectProjects would swallow the test paths that follow it).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_OPTIONS="--experimental-vm-modules --no-warnings=ExperimentalWarning ${NODE_OPTIONS:-}"
exec node node_modules/jest/bin/jest.js "$@"
