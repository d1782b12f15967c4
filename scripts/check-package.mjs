// Packs the package as npm would publish it, then checks the tarball: publint; @arethetypeswrong/cli
// with its strict profile (types resolve for import and require under node10, node16 and bundler
// rules, for every entry point: node10 fails the check, it is not ignored); and TypeScript itself,
// type-checking a consumer of every entry point under `moduleResolution` node10 ("node"), node16
// (CommonJS and ES module) and bundler. Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = '.tmp/pack';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', out], { encoding: 'utf8' }));
const tarball = join(out, packed[0].filename);
console.log(`packed ${tarball}: ${packed[0].entryCount} files, ${packed[0].size} bytes`);

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });
run(process.execPath, ['node_modules/publint/src/cli.js', tarball, '--strict']);
run(process.execPath, ['node_modules/@arethetypeswrong/cli/dist/index.js', tarball, '--profile', 'strict']);

// A consumer project next to the tarball, with the package installed under node_modules as npm
// would (TypeScript and @types/node come from this repository's node_modules, up the tree).
const consumer = join(out, 'consumer');
const installed = join(consumer, 'node_modules', 'concur-sdk');
mkdirSync(installed, { recursive: true });
run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'concur-sdk-consumer', private: true }, null, 2));

// Uses a value and a type from each entry point, so a missing declaration is an error.
const source = `import { ConcurAuthError, ConcurClient, isConcurError, type ConcurErrorName } from 'concur-sdk';
import { OTA_ERROR_CODES, OtaError, parseOtaResponse } from 'concur-sdk/ota';
import { SIMULATOR_OAUTH, startSimulator, type Simulator } from 'concur-sdk/simulator';
import { redisCoordination, redisTokenStore, type RedisTokenStoreOptions } from 'concur-sdk/redis';
import { Redis } from 'ioredis';

export async function check(): Promise<ConcurErrorName[]> {
  const sim: Simulator = await startSimulator();
  const redis = new Redis({ lazyConnect: true });
  const storeOptions: RedisTokenStoreOptions = { redis, key: 'concur:tokens', lockExpiryMs: 10_000 };
  void redisTokenStore(storeOptions);
  const client = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_OAUTH.refreshToken, coordination: redisCoordination({ redis, key: 'concur' }) });
  const names: ConcurErrorName[] = [];
  try {
    await client.listItems.getLists();
    parseOtaResponse('<OTA_HotelAvailRS/>');
  } catch (error) {
    if (error instanceof ConcurAuthError) names.push(error.name);
    if (error instanceof OtaError && error.code === OTA_ERROR_CODES.NoAvailability) names.push(error.name);
    if (isConcurError(error)) names.push(error.name);
  }
  await sim.close();
  return names;
}
`;
writeFileSync(join(consumer, 'consumer.ts'), source);
writeFileSync(join(consumer, 'consumer.mts'), source);

const base = { strict: true, noEmit: true, skipLibCheck: false, types: ['node'], lib: ['ES2022'], target: 'ES2022' };
const modes = {
  node10: { module: 'commonjs', moduleResolution: 'node', files: ['consumer.ts'] },
  node16: { module: 'node16', moduleResolution: 'node16', files: ['consumer.ts', 'consumer.mts'] },
  bundler: { module: 'esnext', moduleResolution: 'bundler', files: ['consumer.ts'] },
};
for (const [mode, { files, ...options }] of Object.entries(modes)) {
  const config = join(consumer, `tsconfig.${mode}.json`);
  writeFileSync(config, JSON.stringify({ compilerOptions: { ...base, ...options }, files }, null, 2));
  run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config]);
  console.log(`types of every entry point resolve for a consumer with moduleResolution ${options.moduleResolution}`);
}
