import type { BatchAnswer, BatchSpec } from '../../src/batch/run.js';
import type { CallSettings } from '../../src/internal/arguments.js';

/** An item of the batch tests: `bad…` ids fail the checks, keys are the ids. */
export interface Thing {
  id: string;
}

export const things = (count: number, bad: number[] = []): Thing[] => Array.from({ length: count }, (_, i) => ({ id: bad.includes(i) ? `bad-${i}` : `item-${i}` }));

/** What the double answers for one request: part of a batch answer (the rest: all succeeded), or a throw. */
export type Answer = (chunk: Thing[], call: number, settings: CallSettings) => Promise<Partial<BatchAnswer> | undefined> | Partial<BatchAnswer> | undefined;

export type ThingSpec = BatchSpec<Thing> & { sent: Thing[][]; settings: CallSettings[] };

/**
 * A service double for runBatch: records every request and the settings it came with, answers
 * after a turn of the event loop, all succeeded unless `answer` says otherwise.
 */
export function thingSpec(answer?: Answer, extra: Partial<BatchSpec<Thing>> = {}): ThingSpec {
  const double: ThingSpec = {
    label: 'things',
    noun: 'Thing',
    max: 1000,
    sent: [],
    settings: [],
    keyOf: (item) => item.id,
    problemsOf: (item) => (item.id.startsWith('bad') ? [{ field: 'id', message: 'id must not start with "bad"' }] : []),
    send: async (chunk, settings) => {
      double.sent.push(chunk);
      double.settings.push(settings);
      const call = double.sent.length;
      await new Promise((resolve) => setImmediate(resolve));
      const given = answer ? await answer(chunk, call, settings) : undefined;
      return { report: { recordsSucceeded: chunk.length, recordsFailed: 0, errors: [] }, attempts: 1, ...given };
    },
    ...extra,
  };
  return double;
}

/** An async stream of `list`, counting what was pulled and whether it was closed. */
export async function* streamOf<T>(list: T[], pulled: { count: number; closed?: boolean } = { count: 0 }): AsyncGenerator<T> {
  try {
    for (const item of list) {
      pulled.count += 1;
      yield item;
    }
  } finally {
    pulled.closed = true;
  }
}

/** A promise and the function that settles it, to hold an answer until the test lets it go. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}
