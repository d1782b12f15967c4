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
