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

// XML 1.0 (fifth edition) NameStartChar and NameChar, without ':' so a name can carry no prefix.
const NAME_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const XML_NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
// Keys that would reach an object's prototype instead of becoming an element.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True for a name usable as an XML element without a namespace prefix: an XML 1.0 name with no
 * `:`, not starting with the reserved `xml` (any case), and not a key that would reach an
 * object's prototype.
 */
export function isPlainElementName(name: string): boolean {
  return XML_NAME.test(name) && !/^xml/i.test(name) && !UNSAFE_KEYS.has(name);
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
