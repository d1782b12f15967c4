import { inspect } from 'node:util';
import { secretForms } from '../../src/errors/redact.js';

// The checks run after every call: no built-in prototype gained or lost a property, and no form
// of the access token reached anything the SDK handed back.

const WATCHED: ReadonlyArray<readonly [name: string, object: object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Error.prototype', Error.prototype],
];

type Snapshot = Array<Map<PropertyKey, unknown>>;

function snapshotOf(): Snapshot {
  return WATCHED.map(([, object]) => {
    const values = new Map<PropertyKey, unknown>();
    for (const key of Reflect.ownKeys(object)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      values.set(key, descriptor !== undefined && 'value' in descriptor ? descriptor.value : descriptor?.get);
    }
    return values;
  });
}

/** Watches the built-in prototypes for properties added, removed or replaced. */
export class PollutionWatch {
  readonly #baseline: Snapshot = snapshotOf();

  /** What changed since the baseline; each change is undone, so the next check starts clean. */
  check(): string[] {
    const changes: string[] = [];
    // `for…in` over a fresh object lists every enumerable key it inherits: none, unless polluted.
    for (const key in {}) changes.push(`({}).${key} is inherited`);
    WATCHED.forEach(([name, object], i) => {
      const before = this.#baseline[i] as Map<PropertyKey, unknown>;
      for (const key of Reflect.ownKeys(object)) {
        const descriptor = Object.getOwnPropertyDescriptor(object, key);
        const value = descriptor !== undefined && 'value' in descriptor ? descriptor.value : descriptor?.get;
        if (!before.has(key)) {
          changes.push(`${name}.${String(key)} was added`);
          Reflect.deleteProperty(object, key);
        } else if (before.get(key) !== value) {
          changes.push(`${name}.${String(key)} was replaced`);
        }
      }
      for (const key of before.keys()) if (!Object.hasOwn(object, key)) changes.push(`${name}.${String(key)} was removed`);
    });
    return changes;
  }
}

/** Every string reachable from a value: own properties (hidden ones too), the cause chain, inspect and JSON. */
function reachableStrings(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<object>();
  const walk = (node: unknown, depth: number): void => {
    if (typeof node === 'string') {
      out.push(node);
      return;
    }
    // A downloaded file is the caller's own data, returned as sent.
    if (typeof node !== 'object' || node === null || seen.has(node) || depth > 12 || Buffer.isBuffer(node)) return;
    seen.add(node);
    for (const key of Object.getOwnPropertyNames(node)) {
      const descriptor = Object.getOwnPropertyDescriptor(node, key);
      if (descriptor !== undefined && 'value' in descriptor) walk(descriptor.value, depth + 1);
    }
    if (node instanceof Error) walk(node.cause, depth + 1);
  };
  walk(value, 0);
  if (value instanceof Error) {
    out.push(inspect(value, { showHidden: true, depth: 6 }));
    out.push(String(value));
    try {
      out.push(JSON.stringify(value) ?? '');
    } catch (failure) {
      out.push(`toJSON threw: ${String(failure)}`);
    }
  }
  return out;
}

/** The forms of `token` that count as a leak: the SDK's own list (raw, percent, JSON, XML escapes). */
export function leakForms(token: string): readonly string[] {
  return secretForms(token);
}

/** The token forms found in anything reachable from `value`. */
export function leaksIn(value: unknown, forms: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of reachableStrings(value)) for (const form of forms) if (text.includes(form)) found.add(form);
  return [...found];
}
