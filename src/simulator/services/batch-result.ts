import type { XmlBuildValue } from '../../xml/builder.js';
import type { SimResponse } from '../http-types.js';
import { MAX_LISTED_ERRORS } from '../xml-input.js';
import { xmlResponse } from '../xml-responses.js';

/** A batch item that cannot be processed, with Concur's error code for it. */
export class ItemProblem {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}

/** Counts a batch's outcomes and keeps the item errors Concur would list: the first 10 only. */
export class BatchTally {
  succeeded = 0;
  failed = 0;
  readonly errors: Array<Record<string, string>> = [];

  succeed(): void {
    this.succeeded += 1;
  }

  /** Records a failed item; its error element is kept only while fewer than 10 are listed. */
  fail(error: Record<string, string>): void {
    this.failed += 1;
    if (this.errors.length < MAX_LISTED_ERRORS) this.errors.push(error);
  }
}

/**
 * Applies each item in order (a later item sees what an earlier one created, as parents must come
 * before children), counting successes and turning an {@link ItemProblem} into the item's error
 * element, keyed as `keyOf` says.
 */
export function tallyItems<T>(items: readonly T[], apply: (item: T) => void, keyOf: (item: T) => Record<string, string>): BatchTally {
  const tally = new BatchTally();
  for (const item of items) {
    try {
      apply(item);
      tally.succeed();
    } catch (error) {
      if (!(error instanceof ItemProblem)) throw error;
      tally.fail({ code: String(error.code), ...keyOf(item), message: error.message });
    }
  }
  return tally;
}

/**
 * The shared shape of the legacy batch results (reference §12): HTTP 200 whatever happened to the
 * items, `records-succeeded`, `records-failed`, and `errors/error` when any item failed.
 */
export function batchResultResponse(root: string, namespace: string, tally: BatchTally, extra: { [name: string]: XmlBuildValue } = {}): SimResponse {
  const content: { [name: string]: XmlBuildValue } = {
    'records-succeeded': tally.succeeded,
    'records-failed': tally.failed,
  };
  if (tally.errors.length > 0) content['errors'] = { error: tally.errors };
  return xmlResponse(root, { ...content, ...extra }, namespace);
}
