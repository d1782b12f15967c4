// The docs checker itself: it finds the right blocks, reads the markers, and reports type errors
// and run failures at the guide's own lines.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { blocksOf } from './blocks.js';
import { guidePosition, writeUnits } from './generate.js';
import { runUnit } from './harness/run.js';
import { typecheckUnits } from './typecheck.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, '.tmp/docs-checker-test');
mkdirSync(outDir, { recursive: true });

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

const GUIDE = [
  '# Guide', //                                          1
  '', //                                                 2
  '```ts', //                                            3
  "import { ConcurClient } from 'concur-sdk';", //       4
  'const first: number = 1;', //                         5
  '```', //                                              6
  '', //                                                 7
  '```bash', //                                          8
  'npm test', //                                         9
  '```', //                                             10
  '', //                                                11
  '<!-- example: continues; uses concur -->', //        12
  '', //                                                13
  '```ts', //                                           14
  "import { ConcurClient, NotFoundError } from 'concur-sdk';", // 15
  'const lists = await concur.listItems.getLists();', // 16
  "const wrong: string = first + lists.length;", //      17
  '```', //                                             18
  '', //                                                19
  '<!-- example: prints "done"; no-run: needs a tenant -->', // 20
  '```js', //                                           21
  "console.log('done');", //                            22
  '```', //                                             23
].join('\n');

describe('blocksOf', () => {
  it('finds the ts and js blocks with their lines and markers, and counts the others', () => {
    const { code, other } = blocksOf('docs/guide.md', GUIDE);

    expect(other).toBe(1);
    expect(code.map(({ fenceLine, firstLine, language, uses, continues, prints, noRun, markerLine }) => ({ fenceLine, firstLine, language, uses, continues, prints, noRun, markerLine }))).toEqual([
      { fenceLine: 3, firstLine: 4, language: 'ts', uses: [], continues: false, prints: undefined, noRun: undefined, markerLine: undefined },
      { fenceLine: 14, firstLine: 15, language: 'ts', uses: ['concur'], continues: true, prints: undefined, noRun: undefined, markerLine: 12 },
      { fenceLine: 21, firstLine: 22, language: 'js', uses: [], continues: false, prints: 'done', noRun: 'needs a tenant', markerLine: 20 },
    ]);
  });

  it('refuses an unknown directive, naming the marker line', () => {
    expect(() => blocksOf('docs/guide.md', 'Text\n<!-- example: use concur -->\n```ts\nx;\n```\n')).toThrow(/^docs\/guide\.md:2: unknown example directive "use concur"/);
  });

  it('refuses a fence that is never closed', () => {
    expect(() => blocksOf('docs/guide.md', 'Text\n\n```ts\nx;\n')).toThrow('docs/guide.md:3: the ``` fence is never closed.');
  });
});

describe('writeUnits and typecheckUnits', () => {
  const { code } = blocksOf('docs/guide.md', GUIDE);
  const units = writeUnits(root, join(outDir, 'units'), code);

  it('joins a continuing block to the one before it, and maps every line back to the guide', () => {
    expect(units.map((unit) => [unit.name, unit.blocks.length, unit.noRun, unit.prints])).toEqual([
      ['docs/guide.md:3', 2, undefined, undefined],
      ['docs/guide.md:21', 1, 'needs a tenant', 'done'],
    ]);
    const [unit] = units;
    const lineOf = (text: string): number => (unit?.source.split('\n').findIndex((line) => line.includes(text)) ?? -2) + 1;
    expect(unit && guidePosition(unit, lineOf('const wrong'))).toBe('docs/guide.md:17');
    expect(unit && guidePosition(unit, lineOf('const first'))).toBe('docs/guide.md:5');
    // The nested block's import moves to the top level, without the name imported already.
    expect(unit?.source).toMatch(/^import \{ NotFoundError \} from '[./]*src\/index\.js';$/m);
    expect(unit?.source).not.toContain("'concur-sdk'");
  });

  it('reports a type error at the guide line, and accepts the rest', () => {
    const report = typecheckUnits(root, units);

    expect(report.global).toEqual([]);
    expect(report.byUnit.get(units[0]?.path ?? '')).toEqual([expect.stringMatching(/^docs\/guide\.md:17:7 error TS2322: Type 'number' is not assignable to type 'string'\./)]);
    expect(report.byUnit.get(units[1]?.path ?? '')).toBeUndefined();
  }, 60_000);
});

describe('runUnit', () => {
  const guide = [
    '<!-- example: uses concur -->', //             1
    '```ts', //                                     2
    'const lists = await concur.listItems.getLists();', // 3
    "if (lists.length > 0) throw new Error(`${lists.length} lists`);", // 4
    '```', //                                       5
    '', //                                          6
    '<!-- example: prints "bye" -->', //            7
    '```ts', //                                     8
    "console.log('hello');", //                     9
    '```', //                                      10
  ].join('\n');
  const units = writeUnits(root, join(outDir, 'runs'), blocksOf('docs/run.md', guide).code);

  it('names the guide line of the statement that threw, on the run simulator (Cities and Office Locations)', async () => {
    await expect(runUnit(units[0]!)).rejects.toThrow(/^docs\/run\.md:2: the example threw Error: 2 lists\n {4}at docs\/run\.md:4/);
  });

  it('fails a block that does not print what its marker says, showing what it printed', async () => {
    await expect(runUnit(units[1]!, 500)).rejects.toThrow('docs/run.md:8: the example did not print "bye" within 0.5 s\n--- it printed:\nhello');
  });
});
