import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  ota: 'src/ota/index.ts',
  simulator: 'src/simulator/index.ts',
};

// p-retry is ESM-only and axios-retry puts its function on `exports.default`: when tsup wraps them
// for the CommonJS build, `.default` becomes the module object and the call throws (TOOLCHAIN.md,
// "Dual ESM + CJS packaging trap"). The CJS build therefore bundles them; the ESM build does not.
const bundledForCjs = ['p-retry', 'is-network-error', 'axios-retry', 'is-retry-allowed'];

export default defineConfig([
  {
    entry,
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: true,
    treeshake: true,
  },
  {
    entry,
    format: ['cjs'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    splitting: false,
    treeshake: true,
    noExternal: bundledForCjs,
  },
  {
    // The `concur-sim` executable (package.json "bin"); ESM, started by node.
    entry: { 'simulator-cli': 'src/simulator/bin.ts' },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    sourcemap: true,
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
