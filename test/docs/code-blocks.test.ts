// Every ```ts / ```js block of README.md and docs/*.md is a program: this test type-checks all of
// them in one TypeScript program (the repository's strict options) and runs each against a fresh
// simulator. A block's `<!-- example: … -->` marker says what the harness gives it; the convention
// is in test/docs/README.md. Failures name the guide and line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks } from './blocks.js';
import { writeUnits } from './generate.js';
import { RUN_LIMIT_MS, runUnit } from './harness/run.js';
import { typecheckUnits, type TypecheckReport } from './typecheck.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { blocks, other } = allBlocks(root);
const units = writeUnits(root, join(root, '.tmp/docs-examples'), blocks);
const skipped = units.filter((unit) => unit.noRun !== undefined);

let report: TypecheckReport;

beforeAll(() => {
  report = typecheckUnits(root, units);
}, 180_000);

describe('code blocks of README.md and docs/*.md', () => {
  it(`finds ${blocks.length} code blocks (${units.length} programs, ${skipped.length} not run) and ${other} blocks of other languages`, () => {
    expect(blocks.length).toBeGreaterThan(0);
    expect(report.global).toEqual([]);
  });

  describe.each(units)('$name', (unit) => {
    it('type-checks', () => {
      const errors = report.byUnit.get(unit.path) ?? [];
      if (errors.length > 0) throw new Error(`${unit.name} does not type-check:\n${errors.join('\n')}`);
    });

    it.skipIf(unit.noRun !== undefined)(unit.noRun === undefined ? 'runs against the simulator' : `is not run: ${unit.noRun}`, async () => {
      const errors = report.byUnit.get(unit.path) ?? [];
      if (errors.length > 0) throw new Error(`${unit.name} was not run: it does not type-check (see above).`);
      const { output } = await runUnit(unit);
      // DOCS_EXAMPLES_OUTPUT=1 keeps what each example printed, beside its generated module.
      if (process.env['DOCS_EXAMPLES_OUTPUT'] !== undefined) writeFileSync(unit.path.replace(/\.ts$/, '.out.txt'), output);
    }, RUN_LIMIT_MS + 10_000);
  });
});
