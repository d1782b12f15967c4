import { readFileSync } from 'node:fs';

// Shared by the tests of fixtures reproduced from public sources (test/fixtures/real/**, each
// with a sibling .source.md naming its repository, path and commit).

/** A fixture reproduced from a public source, as text. */
export const real = (name: string): string => readFileSync(new URL(`../fixtures/real/${name}`, import.meta.url), 'utf8');

/** A published XML example as one line: the whitespace between tags removed, as Concur would send it. */
export const compact = (xml: string): string => xml.replace(/>\s+</g, '><').trim();

/** The SDK's request body without its XML declaration, to compare with a published example. */
export const withoutDeclaration = (body: string): string => body.replace(/^<\?xml[^>]*\?>/, '');
