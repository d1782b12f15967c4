/**
 * Outcomes of the two implementations and their comparison, shared by `npm run fuzz:xml` and
 * the property tests. Trees are compared with key order, prototypes and array shapes, because
 * callers iterate them (`Object.keys`, `JSON.stringify`).
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export function outcome<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${String(error)}` };
  }
}

/** Deep equality that also requires the same key order and the same prototypes. */
export function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameTree(item, b[i]));
  }
  const keysA = Reflect.ownKeys(a);
  const keysB = Reflect.ownKeys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i += 1) {
    const key = keysA[i] as string | symbol;
    if (key !== keysB[i]) return false;
    if (!sameTree((a as Record<string | symbol, unknown>)[key], (b as Record<string | symbol, unknown>)[key])) return false;
  }
  return true;
}

export function sameOutcome<T>(a: Outcome<T>, b: Outcome<T>): boolean {
  if (a.ok !== b.ok) return false;
  if (!a.ok || !b.ok) return !a.ok && !b.ok && a.error === b.error;
  return sameTree(a.value, b.value);
}

/** A short printable form of a value for mismatch reports. */
export function show(value: unknown, max = 400): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
