// Finds the code blocks of the Markdown guides and reads the `<!-- example: … -->` line before
// each one. The convention is described in test/docs/README.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fence languages that are code to check. `bash`, `text`, `json`, `xml`… are not. */
export const CODE_LANGUAGES: ReadonlySet<string> = new Set(['ts', 'typescript', 'js', 'javascript']);

/** A fenced code block of a guide, with what its marker says. */
export interface DocBlock {
  /** The guide, relative to the repository root, e.g. `docs/users.md`. */
  file: string;
  /** 1-based line of the opening fence. */
  fenceLine: number;
  /** 1-based line of the block's first line of code. */
  firstLine: number;
  /** The fence's language, e.g. `ts`. */
  language: string;
  /** The code, without the fences. */
  code: string;
  /** Names the harness provides to the block (`uses concur, listId`). */
  uses: string[];
  /** The block shares the module of the previous code block of the same guide, in a nested scope. */
  continues: boolean;
  /** Why the block is type-checked but not run (`no-run: …`); undefined when it runs. */
  noRun: string | undefined;
  /** Output the block must print before it counts as finished (`prints "…"`). */
  prints: string | undefined;
  /** 1-based line of the `<!-- example: … -->` marker, when there is one. */
  markerLine: number | undefined;
}

/** Where a block is, as an editor link: `docs/users.md:16`. */
export const where = (block: Pick<DocBlock, 'file' | 'fenceLine'>): string => `${block.file}:${block.fenceLine}`;

const MARKER = /^\s*<!--\s*example:(.*?)-->\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/;

/** Splits `a; b "x;y"; c` at the semicolons outside double quotes. */
function directives(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    if (char === ';' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  return parts.filter((part) => part !== '');
}

interface Marker {
  uses: string[];
  continues: boolean;
  noRun: string | undefined;
  prints: string | undefined;
}

function readMarker(text: string, at: string): Marker {
  const marker: Marker = { uses: [], continues: false, noRun: undefined, prints: undefined };
  for (const directive of directives(text)) {
    const [, keyword = '', rest = ''] = /^([\w-]+):?\s*(.*)$/s.exec(directive) ?? [];
    if (keyword === 'uses') marker.uses = rest.split(/[\s,]+/).filter((name) => name !== '');
    else if (keyword === 'continues' && rest === '') marker.continues = true;
    else if (keyword === 'no-run' && rest !== '') marker.noRun = rest;
    else if (keyword === 'prints' && /^".+"$/s.test(rest)) marker.prints = rest.slice(1, -1);
    else {
      throw new Error(
        `${at}: unknown example directive ${JSON.stringify(directive)}. Use "uses NAME, …", "continues", "no-run: REASON" or 'prints "TEXT"', separated by ";".`,
      );
    }
  }
  return marker;
}

/** Every fenced block of one Markdown text; `code` blocks and the others. */
export function blocksOf(file: string, markdown: string): { code: DocBlock[]; other: number } {
  const lines = markdown.split(/\r?\n/);
  const code: DocBlock[] = [];
  let other = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index] ?? '');
    if (open === null) continue;
    const [, indent = '', fence = '', language = ''] = open;
    let close = index + 1;
    while (close < lines.length && !(lines[close] ?? '').trimStart().startsWith(fence)) close += 1;
    if (close >= lines.length) throw new Error(`${file}:${index + 1}: the ${fence} fence is never closed.`);
    const body = lines.slice(index + 1, close).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line));
    if (CODE_LANGUAGES.has(language.toLowerCase())) {
      let before = index - 1;
      while (before >= 0 && (lines[before] ?? '').trim() === '') before -= 1;
      const markerText = MARKER.exec(lines[before] ?? '')?.[1];
      const marker = markerText === undefined ? readMarker('', '') : readMarker(markerText, `${file}:${before + 1}`);
      code.push({
        file,
        fenceLine: index + 1,
        firstLine: index + 2,
        language,
        code: body.join('\n'),
        ...marker,
        markerLine: markerText === undefined ? undefined : before + 1,
      });
    } else {
      other += 1;
    }
    index = close;
  }
  return { code, other };
}

/** The guides whose code is checked: README.md and docs/*.md (docs/api/ is generated). */
export function guideFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => `docs/${entry.name}`)
    .sort();
  return ['README.md', ...docs];
}

/** Every code block of every guide, in file order. */
export function allBlocks(root: string): { blocks: DocBlock[]; other: number } {
  const blocks: DocBlock[] = [];
  let other = 0;
  for (const file of guideFiles(root)) {
    const found = blocksOf(file, readFileSync(join(root, file), 'utf8'));
    blocks.push(...found.code);
    other += found.other;
  }
  return { blocks, other };
}
