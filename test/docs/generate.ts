// Turns the code blocks of the guides into modules: one per block, or one per chain of blocks
// joined by `continues`. Each module line maps back to a line of a guide, so a type error or a
// stack frame is reported where the reader sees it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { where, type DocBlock } from './blocks.js';

/** A module made of one block, or of a block and the blocks that continue it. */
export interface ExampleUnit {
  /** Name used in test titles and file names, from the first block: `docs/users.md:16`. */
  name: string;
  /** The blocks, in order; the first one does not continue anything. */
  blocks: DocBlock[];
  /** Absolute path of the generated module. */
  path: string;
  /** The generated source. */
  source: string;
  /** For each generated line (index 0 = line 1): the guide and line it comes from. */
  lines: Array<{ file: string; line: number }>;
  /** Why the unit is not run, when a block of it says `no-run`. */
  noRun: string | undefined;
  /** Output the unit must print (the last `prints` of its blocks). */
  prints: string | undefined;
}

/**
 * Package names the blocks import, and the module each stands for when a block runs here:
 * the SDK's own sources, a small vitest stand-in that runs `it` blocks inside the checker's test,
 * and stand-ins for the reader's own modules that a block imports.
 */
export const MODULE_MAP: Readonly<Record<string, string>> = {
  'concur-sdk': 'src/index.ts',
  'concur-sdk/ota': 'src/ota/index.ts',
  'concur-sdk/simulator': 'src/simulator/index.ts',
  vitest: 'test/docs/harness/mini-vitest.ts',
  '../src/search.js': 'test/docs/stubs/search.ts',
};

const GIVEN_MODULE = 'test/docs/harness/given.ts';

/** A relative `.js` specifier from `fromDir` to a `.ts` file under `root` (TypeScript and vite resolve it to the `.ts`). */
function specifier(root: string, fromDir: string, target: string): string {
  const path = relative(fromDir, join(root, target)).replaceAll('\\', '/').replace(/\.ts$/, '.js');
  return path.startsWith('.') ? path : `./${path}`;
}

interface Rewritten {
  /** The code with mapped module specifiers, line count unchanged. */
  code: string;
  /** Import declarations cut out (for a nested block), on one line. */
  imports: string;
}

/**
 * Rewrites the module specifiers of a block. With `hoist` (a nested block, whose imports cannot
 * stay inside its scope), also cuts its imports out, keeping its lines, and drops the names an
 * earlier block of the unit already imported from the same module (recorded in `imported`).
 */
function rewrite(code: string, root: string, fromDir: string, hoist: boolean, imported: Set<string>): Rewritten {
  const file = ts.createSourceFile('block.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const imports: string[] = [];
  const target = (node: ts.Expression | undefined): string | undefined => {
    if (node === undefined || !ts.isStringLiteral(node)) return undefined;
    const mapped = MODULE_MAP[node.text];
    return `'${mapped === undefined ? node.text : specifier(root, fromDir, mapped)}'`;
  };
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const literal = statement.moduleSpecifier;
    const module = target(literal);
    if (module === undefined || literal === undefined) continue;
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    const bindings = clause?.namedBindings;
    const named = bindings !== undefined && ts.isNamedImports(bindings) && clause?.name === undefined ? bindings : undefined;
    if (named !== undefined) {
      const fresh = named.elements.filter((element) => !imported.has(`${module} ${element.getText(file)}`));
      for (const element of named.elements) imported.add(`${module} ${element.getText(file)}`);
      if (hoist && fresh.length > 0) {
        const typeOnly = clause?.isTypeOnly === true ? 'type ' : '';
        imports.push(`import ${typeOnly}{ ${fresh.map((element) => element.getText(file)).join(', ')} } from ${module};`);
      }
    } else if (hoist) {
      imports.push(`${statement.getText(file).slice(0, literal.getStart(file) - statement.getStart(file))}${module};`.replace(/\s*\n\s*/g, ' '));
    }
    if (hoist) {
      edits.push({ start: statement.getStart(file), end: statement.getEnd(), text: statement.getText(file).replace(/[^\n]/g, '') });
    } else {
      edits.push({ start: literal.getStart(file), end: literal.getEnd(), text: module });
    }
  }
  let result = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return { code: result, imports: imports.join(' ') };
}

/** The line that fetches the names a block uses from the harness. */
function givenLine(block: DocBlock): string {
  return block.uses.length === 0 ? '' : `const { ${block.uses.join(', ')} } = await given([${block.uses.map((name) => `'${name}'`).join(', ')}]);`;
}

/** Groups blocks into units: a block that `continues` joins the unit of the block before it. */
export function groupBlocks(blocks: readonly DocBlock[]): DocBlock[][] {
  const units: DocBlock[][] = [];
  for (const block of blocks) {
    const last = units.at(-1);
    if (block.continues) {
      if (last === undefined || last[0]?.file !== block.file) throw new Error(`${where(block)}: "continues", but no earlier code block in ${block.file} to continue.`);
      last.push(block);
    } else {
      units.push([block]);
    }
  }
  return units;
}

/** `docs-users-16.ts`; a JavaScript block becomes an `.mjs` module, type-checked with checkJs. */
const fileName = (block: DocBlock): string =>
  `${block.file.replace(/\.md$/, '').replace(/[^\w]+/g, '-')}-${block.fenceLine}.${/^(js|javascript)$/i.test(block.language) ? 'mjs' : 'ts'}`;

/** Builds the module of one unit (not written yet). */
export function buildUnit(root: string, outDir: string, blocks: DocBlock[]): ExampleUnit {
  const [first] = blocks;
  if (first === undefined) throw new Error('a unit needs a block');
  const path = join(outDir, fileName(first));
  const fromDir = dirname(path);
  const givenImport = `import { given } from '${specifier(root, fromDir, GIVEN_MODULE)}';`;
  const out: string[] = [];
  const lines: ExampleUnit['lines'] = [];
  const push = (text: string, file: string, line: number): void => {
    out.push(text);
    lines.push({ file, line });
  };
  // Line 1: the harness import and the first block's names, reported at its marker (or fence).
  push(`/* Generated from ${where(first)}: edit the guide, not this file. */ ${givenImport} ${givenLine(first)}`, first.file, first.markerLine ?? first.fenceLine);
  const imported = new Set<string>();
  const hoisted: Array<{ text: string; block: DocBlock }> = [];
  blocks.forEach((block, index) => {
    const nested = index > 0;
    const rewritten = rewrite(block.code, root, fromDir, nested, imported);
    if (nested) push(`{ ${givenLine(block)}`, block.file, block.markerLine ?? block.fenceLine);
    if (rewritten.imports !== '') hoisted.push({ text: rewritten.imports, block });
    rewritten.code.split('\n').forEach((text, offset) => push(text, block.file, block.firstLine + offset));
  });
  for (const block of blocks.slice(1)) push('}', block.file, block.fenceLine);
  // A nested block's imports, moved to the top level (imports are hoisted, so order does not matter).
  for (const { text, block } of hoisted) push(text, block.file, block.firstLine);
  const noRun = blocks.find((block) => block.noRun !== undefined)?.noRun;
  const prints = blocks.findLast((block) => block.prints !== undefined)?.prints;
  return { name: where(first), blocks, path, source: `${out.join('\n')}\nexport {};\n`, lines, noRun, prints };
}

/** Builds every unit and writes the modules to `outDir`, emptied first. */
export function writeUnits(root: string, outDir: string, blocks: readonly DocBlock[]): ExampleUnit[] {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const units = groupBlocks(blocks).map((group) => buildUnit(root, outDir, group));
  for (const unit of units) writeFileSync(unit.path, unit.source);
  return units;
}

/** The guide position of a generated line (1-based), e.g. `docs/users.md:34`. */
export function guidePosition(unit: ExampleUnit, line: number): string {
  const mapped = unit.lines[line - 1];
  return mapped === undefined ? `${unit.name} (generated line ${line})` : `${mapped.file}:${mapped.line}`;
}
