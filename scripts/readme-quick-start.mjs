// The README's quick start program: the first ```ts block of its "## Quick start" section.
// check:consumer type-checks and runs exactly this text, so the README cannot drift from working code.

/**
 * @param {string} readme The README's text.
 * @returns {string} The program, ending in a newline.
 */
export function quickStartFromReadme(readme) {
  const lines = readme.split(/\r?\n/);
  const heading = lines.indexOf('## Quick start');
  if (heading === -1) throw new Error('README.md has no "## Quick start" heading.');
  const section = lines.slice(heading + 1);
  const end = section.findIndex((line) => line.startsWith('## '));
  const body = end === -1 ? section : section.slice(0, end);
  const open = body.findIndex((line) => line.trim() === '```ts');
  const close = body.findIndex((line, index) => index > open && line.trim() === '```');
  if (open === -1 || close === -1) throw new Error('The "## Quick start" section of README.md has no complete ```ts block.');
  return `${body.slice(open + 1, close).join('\n')}\n`;
}
