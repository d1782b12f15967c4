/** The characters the builder escapes, and those XML 1.0 cannot carry at all. */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

/** Any character that needs escaping or refusing: most values hold none and skip both checks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const SPECIAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF&<>"']/;

// Characters XML 1.0 cannot carry at all, even escaped; the builder would write them raw and the
// whole batch would be refused as malformed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a character XML 1.0 cannot carry, even escaped. */
export function hasNonXmlCharacter(text: string): boolean {
  return NOT_XML_CHARACTER.test(text);
}

/** `& < > " '` as the five predefined entities, so markup in a value stays text. */
export function escapeValue(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPE_ALL, (character) => ESCAPES[character] as string) : value;
}
