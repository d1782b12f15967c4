// What a guide's block gets when it imports from 'vitest': the same `describe`, `it`,
// `beforeAll` and `afterAll`, which collect the block's tests instead of registering them with
// vitest (the block already runs inside one of the checker's tests), and vitest's own `expect`.
// The runner calls runCollectedTests() once the block's module has been evaluated.
export { expect } from 'vitest';

type Hook = () => unknown;
type TestBody = () => unknown;

let tests: Array<{ name: string; body: TestBody }> = [];
let before: Hook[] = [];
let after: Hook[] = [];
let prefix: string[] = [];

/** Groups tests, as vitest's `describe` does; its body runs at once. */
export function describe(name: string, body: () => void): void {
  prefix.push(name);
  try {
    body();
  } finally {
    prefix.pop();
  }
}

/** Collects a test. */
export function it(name: string, body: TestBody): void {
  tests.push({ name: [...prefix, name].join(' > '), body });
}

export { it as test };

/** Collects a hook run once before the tests. */
export function beforeAll(hook: Hook): void {
  before.push(hook);
}

/** Collects a hook run once after the tests, even when one failed. */
export function afterAll(hook: Hook): void {
  after.push(hook);
}

/** Forgets what a block collected (when it failed before its tests could run). */
export function discardCollectedTests(): void {
  tests = [];
  before = [];
  after = [];
  prefix = [];
}

/** Runs what the block collected, in order, then forgets it. @returns the names of the tests run. */
export async function runCollectedTests(): Promise<string[]> {
  const collected = { tests, before, after };
  discardCollectedTests();
  const names: string[] = [];
  try {
    for (const hook of collected.before) await hook();
    for (const { name, body } of collected.tests) {
      try {
        await body();
      } catch (error) {
        throw new Error(`it(${JSON.stringify(name)}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      names.push(name);
    }
  } finally {
    for (const hook of collected.after) await hook();
  }
  return names;
}
