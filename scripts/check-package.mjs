// Packs the package as npm would publish it, then checks the tarball with publint and
// @arethetypeswrong/cli (types resolve for import and require, under node16 and bundler rules).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
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
run(process.execPath, ['node_modules/@arethetypeswrong/cli/dist/index.js', tarball, '--profile', 'node16']);
