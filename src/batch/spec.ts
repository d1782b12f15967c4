import type { CallSettings } from '../internal/arguments.js';
import type { ChunkReport } from './reconcile.js';
import type { ItemProblem, ListedItemError } from './types.js';

/** How a service sends one batch; the runner does the rest. */
export interface BatchSpec<T> {
  /** What the items are, for messages: `'list items'`. */
  label: string;
  /** One item, for messages: `'List item'` gives `List item at index 3: …`. */
  noun?: string;
  /** The service's largest batch. */
  max: number;
  /** Default items per request, when lower than `max` (User: 500). */
  defaultChunkSize?: number;
  /** The key Concur uses to name an item in its errors; `position` is the item's place in its chunk. */
  keyOf(item: T, position: number): string | undefined;
  /**
   * True for an item error that, in the answer to a resend, only says the first send did the work
   * (List Item create: 2004, the item already exists). Such items are `unknown`, not `failed`.
   */
  alreadyDone?: (error: ListedItemError) => boolean;
  /**
   * Every problem that keeps an item from being sent, empty when it can be sent; `index` is its
   * place in the caller's input. Runs before the item is sent.
   */
  problemsOf(item: T, index: number): ItemProblem[];
  /**
   * Sends one batch and reads its response: the report, and from the `ConcurResponse` the
   * attempts, whether an earlier attempt may have been processed, and the correlation id.
   */
  send(items: T[], settings: CallSettings): Promise<BatchAnswer>;
}

/** What a service's `send` returns for one chunk. */
export interface BatchAnswer {
  report: ChunkReport;
  attempts: number;
  /** `ConcurResponse.mayHaveBeenProcessedBefore`. */
  processedBefore?: boolean;
  /** `ConcurResponse.correlationId`. */
  correlationId?: string | undefined;
}

/** The spec's problems of an item; a check that throws on a hostile item (a throwing getter) is a problem too. */
export function problemsWith<T>(spec: BatchSpec<T>): (item: T, index: number) => ItemProblem[] {
  const { problemsOf } = spec;
  return (item, index) => {
    try {
      return problemsOf(item, index);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return [{ field: 'item', message: `item could not be read (${reason.slice(0, 200)})` }];
    }
  };
}
