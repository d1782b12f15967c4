/**
 * Names a value for a validation message: `string "5000"`, `number 42`, `null`, `array`, `object`.
 * Strings are quoted and cut to 60 characters; never pass a secret here.
 *
 * @example
 * ```ts
 * `retry.delayMs must be a number of 0 or more (got ${describeValue('5000')})`; // … (got string "5000")
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${String(value)}n`;
    default:
      return typeof value;
  }
}

/** The type word alone, for messages about values that may be secret: `string`, `null`, `array`. */
export function typeOfValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A string quoted for a message, cut to 60 characters: `"A-B"`. For values already known to be
 * strings; never pass a secret here.
 *
 * @example
 * ```ts
 * `level1Code must be 1 to 32 characters without hyphens (got ${quoteText('A-B')})`; // … (got "A-B")
 * ```
 */
export function quoteText(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
