import { ConcurValidationError, type ValidationProblem } from '../errors/validation-errors.js';
import type { BatchItemResult, ItemProblem } from './types.js';

/** The code of an item the SDK's checks refused; it was not sent. */
export const INVALID_INPUT = 'INVALID_INPUT';

/** Problems a rejection's message shows; `problems` on the error holds them all. */
const SHOWN_PROBLEMS = 20;

/**
 * One line for an item's problems: `List item at index 3: name is required; level1Code must be a
 * string (got number 42).` The index is the caller's 0-based position in its input.
 */
export function describeItemProblems(noun: string, index: number, problems: readonly ItemProblem[]): string {
  return `${noun} at index ${index}: ${problems.map((problem) => problem.message).join('; ')}.`;
}

/**
 * The result of an item refused by the checks: failed, never sent, with every problem. `chunk` is
 * set when the item is placed in the stretch it was read with.
 */
export function invalidResult<T>(noun: string, index: number, input: T, problems: ItemProblem[]): BatchItemResult<T> {
  return { index, input, status: 'failed', chunk: 0, code: INVALID_INPUT, message: describeItemProblems(noun, index, problems), problems, attempts: 0 };
}

/** `items[3].name`, or `items[3]` for a problem of the item as a whole. */
function fieldPath(index: number, field: string): string {
  return field === 'item' ? `items[${index}]` : `items[${index}].${field}`;
}

/** Where a rejection happened: an array checked whole, or a stream stopped at a chunk. */
export type RejectionContext = { total: number } | { streamedFrom: number };

/**
 * The error of a call with `invalidItems: 'reject'`: every problem of every invalid item in
 * `problems`, the first {@link SHOWN_PROBLEMS} in the message, one line per item.
 */
export function invalidItemsError<T>(noun: string, label: string, invalid: ReadonlyArray<BatchItemResult<T>>, context: RejectionContext): ConcurValidationError {
  // Stryker disable next-line ArrayDeclaration: every invalid result carries its problems (invalidResult), so the fallback never applies
  const problems: ValidationProblem[] = invalid.flatMap((item) => (item.problems ?? []).map((problem) => ({ index: item.index, ...problem })));
  const count = invalid.length;
  const verb = count === 1 ? 'is' : 'are';
  const head =
    'total' in context
      ? `${count} of ${context.total} ${label} ${verb} invalid, so nothing was sent (invalidItems: 'reject'). Fix them, or leave invalidItems out to send the valid ones and get the invalid ones back as failed.`
      : `${count} ${label} read from index ${context.streamedFrom} on ${verb} invalid, so the call stopped (invalidItems: 'reject') and nothing from index ${context.streamedFrom} on was sent. The input is streamed: the ${context.streamedFrom} items before were read, checked and sent first, and their outcomes went to onProgress. For all or nothing, pass an array.`;
  const lines: string[] = [];
  let shown = 0;
  for (const item of invalid) {
    if (shown >= SHOWN_PROBLEMS) break;
    // Stryker disable next-line ArrayDeclaration: every invalid result carries its problems (invalidResult), so the fallback never applies
    const some = (item.problems ?? []).slice(0, SHOWN_PROBLEMS - shown);
    shown += some.length;
    lines.push(describeItemProblems(noun, item.index, some));
  }
  const more = problems.length - shown;
  if (more > 0) lines.push(`…and ${more} more problem${more === 1 ? '' : 's'} (every one is in error.problems).`);
  // Every invalid item has at least one problem.
  const first = problems[0] as ValidationProblem;
  return new ConcurValidationError([head, ...lines].join('\n'), { field: fieldPath(first.index ?? 0, first.field), problems });
}
