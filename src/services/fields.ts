import { ConcurValidationError } from '../errors/validation-errors.js';
import { hasNonXmlCharacter } from '../xml/builder.js';

// Checks the batch services share for the fields of a caller's items, run before anything is sent.

/** A decimal as a caller may write it: `125`, `125.50`, `-3.2`, also `125.` and `.5`. */
const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Throws the validation error of one item's field: `Attendee at index 3: …`, field `items[3].lastName`. */
export function itemError(what: string, index: number, field: string, problem: string): never {
  throw new ConcurValidationError(`${what} at index ${index}: ${problem}`, { field: `items[${index}].${field}` });
}

/** Checks an optional or required text field: a string of at most `max` characters that XML can carry. */
export function checkText(what: string, value: unknown, index: number, field: string, max: number, required: boolean): void {
  if (value === undefined) {
    if (required) itemError(what, index, field, `${field} is required.`);
    return;
  }
  if (typeof value !== 'string' || value.length > max || (required && value.trim() === '')) {
    itemError(what, index, field, `${field} must be text of ${required ? 1 : 0} to ${max} characters.`);
  }
  if (hasNonXmlCharacter(value)) itemError(what, index, field, `${field} contains a control character that XML cannot carry.`);
}

/**
 * The decimal text of a number or numeric string, written as Concur's amount fields surely
 * accept it (`.5` becomes `0.5`, `125.` becomes `125`), or undefined when it is not a decimal.
 * Whether Concur accepts the short forms is not documented, so the SDK never sends them.
 */
export function decimalText(value: unknown): string | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '', fraction = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  return `${sign}${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** True for a real calendar date written `YYYY-MM-DD` (`2026-02-30` is not one). */
export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// XML 1.0 (fifth edition) NameStartChar and the further NameChar ranges, without ':' so that a
// name can carry no prefix.
const NAME_START: ReadonlyArray<readonly [number, number]> = [
  [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x2ff], [0x370, 0x37d], [0x37f, 0x1fff], [0x200c, 0x200d],
  [0x2070, 0x218f], [0x2c00, 0x2fef], [0x3001, 0xd7ff], [0xf900, 0xfdcf], [0xfdf0, 0xfffd], [0x10000, 0xeffff],
];
const NAME_MORE: ReadonlyArray<readonly [number, number]> = [[0x2d, 0x2e], [0x30, 0x39], [0xb7, 0xb7], [0x300, 0x36f], [0x203f, 0x2040]];
// Keys that would reach an object's prototype instead of becoming an element.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const inRanges = (code: number, ranges: ReadonlyArray<readonly [number, number]>): boolean => ranges.some(([low, high]) => code >= low && code <= high);

/**
 * True for a name usable as an XML element without a namespace prefix: an XML 1.0 name with no
 * `:`, not starting with the reserved `xml` (any case), and not a key that would reach an
 * object's prototype.
 */
export function isPlainElementName(name: string): boolean {
  if (name === '' || /^xml/i.test(name) || UNSAFE_KEYS.has(name)) return false;
  let first = true;
  for (const character of name) {
    const code = character.codePointAt(0) as number;
    if (!inRanges(code, NAME_START) && (first || !inRanges(code, NAME_MORE))) return false;
    first = false;
  }
  return true;
}

/**
 * Refuses an item that carries a key the SDK does not know, so nothing a caller passes vanishes
 * without a word: a misspelt `firstname` would otherwise be dropped and the user created without
 * a first name. Keys whose value is `undefined` carry nothing and are let through.
 *
 * @param known - the item's accepted keys.
 * @param hint - advice for an unknown key (e.g. where such a field belongs), added to the message.
 * @example
 * ```ts
 * checkKnownKeys('User', user, 3, USER_KEYS, (key) => `Put form fields the SDK does not name in extraFields.`);
 * ```
 */
export function checkKnownKeys(what: string, item: object, index: number, known: ReadonlySet<string>, hint?: (key: string) => string | undefined): void {
  for (const key of Object.keys(item)) {
    if (known.has(key) || (item as Record<string, unknown>)[key] === undefined) continue;
    const lower = key.toLowerCase();
    const near = [...known].find((candidate) => candidate.toLowerCase() === lower);
    const advice = near !== undefined ? ` Did you mean ${near}?` : (hint?.(key) ?? '');
    itemError(what, index, key, `${key} is not a field the SDK knows, and it would not be sent.${advice ? ` ${advice.trim()}` : ''}`);
  }
}
