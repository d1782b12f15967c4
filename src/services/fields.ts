import type { ItemProblem } from '../batch/types.js';
import { describeValue, quoteText, typeOfValue } from '../internal/describe.js';
import { hasNonXmlCharacter } from '../xml/builder.js';

// Checks the batch services share for the fields of a caller's items, run before anything is
// sent. They collect every problem of an item instead of stopping at the first, and each message
// names the field, says what is wrong and shows the value: `name must be a string (got number 42)`.

/** A decimal as a caller may write it: `125`, `125.50`, `-3.2`, also `125.` and `.5`. */
const DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An item's fields, read by name. */
export type Fields = Readonly<Record<string, unknown>>;

/** Limits of a text field. */
export interface TextRule {
  /** Longest accepted text, in UTF-16 code units as Concur's field tables count. */
  max: number;
  /** Absent, empty and blank values are problems. */
  required?: boolean;
  /** Never show the value in a message (a password): only its type and length. */
  secret?: boolean;
}

/** The value for a message: `number 42`, `null`; for a secret only its type. */
function shown(value: unknown, secret = false): string {
  return secret ? typeOfValue(value) : describeValue(value);
}

/** Where text holds a character XML 1.0 cannot carry, even escaped, and what it is. */
function nonXmlCharacter(text: string): string | undefined {
  if (!hasNonXmlCharacter(text)) return undefined;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(at + 1);
      if (next >= 0xdc00 && next <= 0xdfff) at += 1;
      else return `a lone UTF-16 surrogate that XML cannot carry (${hex} at position ${at})`;
    } else if (code >= 0xdc00 && code <= 0xdfff) return `a lone UTF-16 surrogate that XML cannot carry (${hex} at position ${at})`;
    else if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff) {
      return `a control character that XML cannot carry (${hex} at position ${at})`;
    }
  }
  return undefined;
}

/**
 * The problem of a text field, without the field's name (`must be a string (got number 42)`),
 * or undefined when the value is fine or absent and optional.
 */
export function textProblem(value: unknown, rule: TextRule): string | undefined {
  if (value === undefined) return rule.required === true ? 'is required' : undefined;
  if (typeof value !== 'string') return `must be a string (got ${shown(value, rule.secret)})`;
  if (rule.required === true && value.trim() === '') return `must not be empty (got ${value === '' ? 'an empty string' : 'only spaces'})`;
  if (value.length > rule.max) return `must be at most ${rule.max} characters (got ${value.length})`;
  const bad = nonXmlCharacter(value);
  return bad === undefined ? undefined : `contains ${bad}`;
}

/**
 * Collects the problems of one item, in the order checked. Each message starts with the field's
 * name as the caller wrote it, under the list's prefix for nested parts (`shipTo.city is required`).
 *
 * @example
 * ```ts
 * const problems = new ProblemList();
 * problems.text(item, 'name', { max: 64, required: true });
 * problems.list; // [{ field: 'name', message: 'name must be a string (got number 42)' }]
 * ```
 */
export class ProblemList {
  /** Every problem found so far, shared with the lists made by {@link ProblemList.at}. */
  readonly list: ItemProblem[];
  readonly #prefix: string;

  constructor(list: ItemProblem[] = [], prefix = '') {
    this.list = list;
    this.#prefix = prefix;
  }

  /** A list for a nested part (`lineItems[0]`) that adds to the same problems. */
  at(path: string): ProblemList {
    return new ProblemList(this.list, `${this.#prefix}${path}.`);
  }

  /** Adds a problem of `field`: `what` follows its name (`is required`). Returns false. */
  add(field: string, what: string): false {
    const name = this.#prefix + field;
    this.list.push({ field: name, message: `${name} ${what}` });
    return false;
  }

  /** Adds `what` as a problem of `field` when it is defined; true when it is not (no problem). */
  check(field: string, what: string | undefined): boolean {
    return what === undefined || this.add(field, what);
  }

  /** A text field: true when it holds usable text (false when absent or refused). */
  text(fields: Fields, field: string, rule: TextRule): boolean {
    return this.check(field, textProblem(fields[field], rule)) && fields[field] !== undefined;
  }

  /** An optional true / false field. */
  flag(fields: Fields, field: string): void {
    const value = fields[field];
    if (value !== undefined && typeof value !== 'boolean') this.add(field, `must be true or false (got ${describeValue(value)})`);
  }

  /** A text field that must match `pattern`, described by `rule` (`an ISO 4217 code such as USD`). */
  matches(fields: Fields, field: string, pattern: RegExp, rule: string, required = false): boolean {
    if (!this.text(fields, field, { max: Number.POSITIVE_INFINITY, required })) return false;
    const value = fields[field] as string;
    return pattern.test(value) || this.add(field, `must be ${rule} (got ${quoteText(value)})`);
  }

  /** A date field written `YYYY-MM-DD`: true when it holds a real date. */
  date(fields: Fields, field: string, required = false): boolean {
    const value = fields[field];
    if (value === undefined) return required ? this.add(field, 'is required') : false;
    if (typeof value !== 'string') return this.add(field, `must be a string (got ${describeValue(value)})`);
    return isCalendarDate(value) || this.add(field, `must be a real date written YYYY-MM-DD (got ${quoteText(value)})`);
  }

  /** A decimal amount, as a number or numeric text: true when it holds one. */
  decimal(fields: Fields, field: string, example: string, required = false): boolean {
    const value = fields[field];
    if (value === undefined) return required ? this.add(field, 'is required') : false;
    return decimalText(value) !== undefined || this.add(field, `must be a decimal number such as ${example} (got ${describeValue(value)})`);
  }

  /** An object field (the whole item, an address, a line): the object, or undefined after adding the problem. */
  object(value: unknown, field: string, what = 'must be an object'): Fields | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Fields;
    this.add(field, value === undefined ? 'is required' : `${what} (got ${describeValue(value)})`);
    return undefined;
  }
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
 * Adds a problem for every key of an item the SDK does not know, so nothing a caller passes
 * vanishes without a word: a misspelt `firstname` would otherwise be dropped and the user created
 * without a first name. Keys whose value is `undefined` carry nothing and are let through.
 *
 * @param known - the item's accepted keys.
 * @param hint - advice for an unknown key (e.g. where such a field belongs), added to the message.
 * @example
 * ```ts
 * unknownKeyProblems(problems, user, USER_KEYS, (key) => `Put form fields the SDK does not name in extraFields.`);
 * ```
 */
export function unknownKeyProblems(problems: ProblemList, item: Fields, known: ReadonlySet<string>, hint?: (key: string) => string | undefined): void {
  for (const key of Object.keys(item)) {
    if (known.has(key) || item[key] === undefined) continue;
    const lower = key.toLowerCase();
    const near = [...known].find((candidate) => candidate.toLowerCase() === lower);
    const advice = near !== undefined ? `did you mean ${near}?` : hint?.(key);
    problems.add(key, `is not a field the SDK knows, and it would not be sent${advice === undefined ? '' : `; ${advice.trim()}`}`);
  }
}
