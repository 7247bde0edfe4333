// p-limit imports `#async_hooks`, which its package.json maps to the builtin `async_hooks`. jest-resolve
// cannot resolve that mapping, and jest 30's synchronous ESM loader (Node >= 24.9) reads a
// moduleNameMapper target of `node:async_hooks` as a file path; so jest.config.js maps it to this file.
export * from 'node:async_hooks';
