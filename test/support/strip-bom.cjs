// CommonJS twin of strip-bom@5 (same behaviour), for jest only.
// @microsoft/app-manifest require()s the ESM-only strip-bom; Node >= 20.19 allows that natively, but
// jest's own module loader cannot require ESM before Node 24.9, so jest.config.js maps it here.
/* global module */
module.exports = function stripBom(string) {
  if (typeof string !== 'string') throw new TypeError(`Expected a string, got ${typeof string}`);
  return string.charCodeAt(0) === 0xfeff ? string.slice(1) : string;
};
