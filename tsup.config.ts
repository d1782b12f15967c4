import { defineConfig } from 'tsup';

const entry = {
  index: 'src/index.ts',
  ota: 'src/ota/index.ts',
  simulator: 'src/simulator/index.ts',
  redis: 'src/redis/index.ts',
};

// p-retry is ESM-only and axios-retry puts its function on `exports.default`: when tsup wraps them
// for the CommonJS build, `.default` becomes the module object and the call throws (TOOLCHAIN.md,
// "Dual ESM + CJS packaging trap"). The proxy agents are ESM-only too. The CJS build therefore
// bundles them; the ESM build does not. `kerberos` is an optional peer of the proxy agents'
// Negotiate support, loaded only when asked for: left to `require` at run time.
const bundledForCjs = [
  'p-retry',
  'is-network-error',
  'axios-retry',
  'is-retry-allowed',
  'https-proxy-agent',
  'http-proxy-agent',
  'agent-base',
  'proxy-agent-negotiate',
];

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
    external: ['kerberos'],
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
