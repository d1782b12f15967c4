import { ConcurError } from '../errors/concur-error.js';
import { abortError } from '../errors/factory.js';
import { ConcurAbortError } from '../errors/request-errors.js';
import { ConcurValidationError, validateBatchSize } from '../errors/validation-errors.js';
import type { CallSettings } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import { transientReasonOf } from '../retry/policy.js';
import { ChunkReader, type Chunk, type Triage } from './chunk.js';
import { invalidItemsError, invalidResult } from './invalid.js';
import { resolveBatchOptions, type ResolvedBatchOptions } from './options.js';
import { chunkFailure, interrupted, notSent, summaryOf } from './outcomes.js';
import { withPartialResult, type Thrower } from './partial.js';
import { reconcile } from './reconcile.js';
import { problemsWith, type BatchSpec } from './spec.js';
import type { BatchStopReason } from './stop-types.js';
import { Tally } from './tally.js';
import type { BatchInput, BatchOptions, BatchProgress, BatchResult, ItemProblem } from './types.js';

export type { BatchAnswer, BatchSpec } from './spec.js';

/** Why the run failed, and what it rejects with. */
interface Failure {
  error: unknown;
  reason: Exclude<BatchStopReason, 'outage'>;
  thrower?: Thrower;
}

/**
 * Sends any number of items as valid batches and accounts for every one of them. Chunks are read
 * lazily from the input and at most `concurrency` are in flight.
 *
 * Items are checked before they are sent. By default an invalid item is not sent: it is reported
 * `failed` with code `INVALID_INPUT` and its problems, and the chunks are made of the valid items
 * only. With `invalidItems: 'reject'`, an array with an invalid item rejects before any request,
 * listing every problem; a stream rejects at the first chunk holding one (see BatchOptions).
 *
 * A chunk that fails as a whole is reported `failed` (Concur refused the request) or `unknown` (no
 * usable answer). On a transient failure that outlasted the retry policy the run stops sending
 * (`onOutage: 'stop'`, the default) and resolves with `stopped`; otherwise it goes on.
 *
 * Every rejection carries `partialResult`: every item read so far, those never sent `notSent`,
 * and `stopped` with the reason and `nextIndex` (see partial.ts and BatchStop).
 */
export async function runBatch<T>(input: BatchInput<T>, spec: BatchSpec<T>, options?: BatchOptions<T>): Promise<BatchResult<T>> {
  const tally = new Tally<T>();
  const run = new BatchRun(spec, tally);
  try {
    return await run.execute(input, options);
  } catch (error) {
    const failure = run.failure ?? { error, reason: error instanceof ConcurValidationError ? 'invalid' : 'failed' };
    const partial = tally.finish();
    const thrown = withPartialResult(failure.error, partial, failure.thrower);
    partial.stopped = { reason: failure.reason, error: thrown, nextIndex: tally.nextIndex };
    throw thrown;
  }
}

class BatchRun<T> {
  /** The first failure; the call rejects with it. */
  failure: Failure | undefined;
  readonly #spec: BatchSpec<T>;
  readonly #tally: Tally<T>;
  #settings!: ResolvedBatchOptions<T>;
  #callSettings: CallSettings = {};
  /** The error of the first chunk that exhausted the retry policy on a transient failure. */
  #outage: ConcurError | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  #progress: Promise<void> = Promise.resolve();

  constructor(spec: BatchSpec<T>, tally: Tally<T>) {
    this.#spec = spec;
    this.#tally = tally;
  }

  async execute(input: BatchInput<T>, options: BatchOptions<T> | undefined): Promise<BatchResult<T>> {
    const spec = this.#spec;
    const settings = resolveBatchOptions(options, spec);
    this.#settings = settings;
    this.#tally.keepItems = settings.keepItems;
    const { signal, timeoutMs, retry } = settings;
    // Every request of the run goes with the call's signal, time limit and retry policy.
    this.#callSettings = { ...(signal === undefined ? {} : { signal }), ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(retry === undefined ? {} : { retry }) };
    if (input === null || typeof input !== 'object' || !(Symbol.iterator in input || Symbol.asyncIterator in input)) {
      throw new ConcurValidationError(`Pass the ${spec.label} as an array or an iterable (got ${describeValue(input)}).`, { field: 'items' });
    }
    const noun = spec.noun ?? 'Item';
    const problemsOf = problemsWith(spec);
    let known: Map<number, ItemProblem[]> | undefined;
    const triage: Triage<T> = (item, index) => {
      const problems = known === undefined ? problemsOf(item, index) : known.get(index);
      return problems === undefined || problems.length === 0 ? undefined : invalidResult(noun, index, item, problems);
    };

    let source: BatchInput<T> = input;
    let chunkSize = settings.chunkSize;
    if (!settings.split) {
      const all = await this.#collect(input, triage);
      try {
        validateBatchSize(all, { min: 1, max: spec.max, label: spec.label });
      } catch (error) {
        return this.#refuseWhole(all, triage, error);
      }
      source = all;
      chunkSize = all.length;
    }
    // A whole array is checked before the first request; a stream as it is read.
    if (Array.isArray(source)) {
      const all = source as T[];
      known = new Map();
      for (let index = 0; index < all.length; index += 1) {
        const problems = problemsOf(all[index] as T, index);
        if (problems.length > 0) known.set(index, problems);
      }
      if (known.size > 0 && settings.invalidItems === 'reject') {
        const invalid = [...known].map(([index, problems]) => invalidResult(noun, index, all[index] as T, problems));
        return this.#refuseWhole(all, triage, invalidItemsError(noun, spec.label, invalid, { total: all.length }));
      }
    }

    let reader: ChunkReader<T>;
    try {
      reader = new ChunkReader(source, chunkSize, triage);
    } catch (error) {
      // Its [Symbol.iterator]() or [Symbol.asyncIterator]() threw: the input threw, as when a read does.
      this.#fail({ error, reason: 'input', thrower: 'the input' });
      throw error;
    }
    await this.#drive(reader, noun);
    if (this.failure !== undefined) throw this.failure.error;
    const outage = this.#outage;
    return this.#tally.finish(outage === undefined ? undefined : { reason: 'outage', error: outage, nextIndex: this.#tally.nextIndex });
  }

  /** Reads chunks and sends them, at most `concurrency` at once, until the input ends or the run stops. */
  async #drive(reader: ChunkReader<T>, noun: string): Promise<void> {
    const { concurrency, invalidItems, signal } = this.#settings;
    const unsent: Array<Chunk<T>> = [];
    // Failures that leave the requests in flight alone: those settle and are reported first.
    let deferred: Failure | undefined;
    let received = -1;
    try {
      while (!this.#stopping()) {
        const chunk = await this.#read(reader);
        if (chunk === undefined) break;
        received = chunk.index;
        if (this.#stopping()) {
          unsent.push(chunk);
          break;
        }
        // Only a stream gets here with invalid items under 'reject': an array was refused whole.
        if (chunk.invalid.length > 0 && invalidItems === 'reject') {
          unsent.push(chunk);
          deferred = { error: invalidItemsError(noun, this.#spec.label, chunk.invalid, { streamedFrom: chunk.offset }), reason: 'invalid' };
          break;
        }
        this.#track(chunk);
        if (this.#inFlight.size >= concurrency) await Promise.race(this.#inFlight);
      }
    } catch (error) {
      deferred = { error, reason: 'input', thrower: 'the input' };
    }
    try {
      await reader.close();
    } catch (error) {
      deferred ??= { error, reason: 'input', thrower: 'the input' };
    }
    // A chunk completed while an abort cut the wait for it short.
    const late = reader.last;
    if (late !== undefined && late.index > received) unsent.push(late);
    const pending = reader.takePending();
    if (pending !== undefined) unsent.push(pending);
    await Promise.all(this.#inFlight);
    if (deferred !== undefined) this.#fail(deferred);
    if (signal?.aborted === true) this.#fail({ error: abortError({ method: 'POST', path: `(${this.#spec.label} batch)`, attempts: 0 }, signal.reason), reason: 'aborted' });
    for (const chunk of unsent) await this.#report(this.#unsent(chunk));
  }

  /** The next chunk; undefined at the end of the input or once the signal aborts (a stalled input is not awaited). */
  async #read(reader: ChunkReader<T>): Promise<Chunk<T> | undefined> {
    const { signal } = this.#settings;
    if (signal === undefined) return reader.next();
    return new Promise((resolve, reject) => {
      const onAbort = (): void => resolve(undefined);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once, and finally removes the listener; once only frees it sooner
      signal.addEventListener('abort', onAbort, { once: true });
      reader
        .next()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  #track(chunk: Chunk<T>): void {
    const running: Promise<void> = this.#settle(chunk)
      .catch((error: unknown) => this.#fail({ error, reason: 'failed' }))
      .finally(() => this.#inFlight.delete(running));
    this.#inFlight.add(running);
  }

  /** Sends a chunk, accounts for its items whatever happens, and reports it. */
  async #settle(chunk: Chunk<T>): Promise<void> {
    if (chunk.items.length === 0) {
      // A last stretch of only invalid items: nothing to send.
      await this.#report(this.#tally.add(chunk, summaryOf(chunk, { size: 0, attempts: 0, status: 'not-sent' }), [], false));
      return;
    }
    const spec = this.#spec;
    const size = chunk.items.length;
    let progress: BatchProgress<T>;
    try {
      const { report, attempts, processedBefore = false, correlationId } = await spec.send(chunk.items, this.#callSettings);
      const reconciled = reconcile(chunk, (item, position) => spec.keyOf(item, position), report, attempts, processedBefore, spec.alreadyDone);
      const summary = summaryOf(chunk, { size, attempts, status: 'answered' }, correlationId);
      if (report.recordsSucceeded !== undefined) summary.recordsSucceeded = report.recordsSucceeded;
      if (report.recordsFailed !== undefined) summary.recordsFailed = report.recordsFailed;
      if (reconciled.unmatched.length > 0) summary.unmatchedErrors = reconciled.unmatched;
      progress = this.#tally.add(chunk, summary, reconciled.items, true);
    } catch (error) {
      progress = this.#failedChunk(chunk, error);
    }
    await this.#report(progress);
  }

  /** Accounts for a chunk whose request failed, and decides whether the run goes on. */
  #failedChunk(chunk: Chunk<T>, error: unknown): BatchProgress<T> {
    const size = chunk.items.length;
    // Refused before any request (a bad per-call setting): nothing was sent.
    const neverSent = error instanceof ConcurValidationError || (error instanceof ConcurAbortError && error.attempts === 0);
    if (neverSent) {
      this.#fail({ error, reason: error instanceof ConcurAbortError ? 'aborted' : 'invalid' });
      return this.#unsent(chunk);
    }
    if (error instanceof ConcurError && !(error instanceof ConcurAbortError)) {
      // Only a ConcurApiError has a correlation id: Concur's header, or undefined when it sent none.
      const { correlationId } = error as { correlationId?: string | undefined };
      const summary = summaryOf(chunk, { size, attempts: error.attempts ?? 1, status: 'failed' }, correlationId);
      summary.error = error;
      if (this.#settings.onOutage === 'stop' && transientReasonOf(error) !== undefined) this.#outage ??= error;
      return this.#tally.add(chunk, summary, chunkFailure(chunk, error), true);
    }
    // Aborted in flight, or an unexpected error: the request may have gone out.
    const summary = summaryOf(chunk, { size, attempts: Math.max(1, (error as { attempts?: number } | null)?.attempts ?? 1), status: 'failed' });
    if (error instanceof ConcurError) summary.error = error;
    this.#fail(error instanceof ConcurAbortError ? { error, reason: 'aborted' } : { error, reason: 'failed', thrower: 'sending a chunk' });
    return this.#tally.add(chunk, summary, interrupted(chunk, error), true);
  }

  /** Accounts for a chunk read but never sent: its valid items are `notSent`. */
  #unsent(chunk: Chunk<T>): BatchProgress<T> {
    const summary = summaryOf(chunk, { size: 0, attempts: 0, status: 'not-sent' });
    if (chunk.items.length > 0) summary.notSent = chunk.items.length;
    return this.#tally.add(chunk, summary, notSent(chunk), false);
  }

  /**
   * Hands a chunk's outcomes to `onProgress`, one call at a time in the order chunks settle. Once
   * the run has failed it is not called again; the outcomes it did not receive are set aside for
   * `partialResult`.
   */
  async #report(progress: BatchProgress<T>): Promise<void> {
    const { onProgress } = this.#settings;
    if (onProgress === undefined) return;
    let delivered = false;
    const step = this.#progress.then(async () => {
      if (this.failure !== undefined) return;
      await onProgress(progress);
      delivered = true;
    });
    this.#progress = step.catch(() => undefined);
    try {
      await step;
    } catch (error) {
      this.#fail({ error, reason: 'onProgress', thrower: 'onProgress' });
    }
    if (!delivered) this.#tally.setAside(progress.items);
  }

  /** Reads a whole input for `chunk: false`; when the input throws, what was read is accounted for. */
  async #collect(input: BatchInput<T>, triage: Triage<T>): Promise<T[]> {
    if (Array.isArray(input)) return input as T[];
    const items: T[] = [];
    try {
      for await (const item of input) items.push(item);
    } catch (error) {
      return this.#refuseWhole(items, triage, error, { error, reason: 'input', thrower: 'the input' });
    }
    return items;
  }

  /** Accounts for every item of an input refused as a whole (nothing sent), then rejects. */
  async #refuseWhole(items: T[], triage: Triage<T>, error: unknown, failure: Failure = { error, reason: 'invalid' }): Promise<never> {
    const chunk = await new ChunkReader(items, Number.MAX_SAFE_INTEGER, triage).next();
    if (chunk !== undefined) this.#unsent(chunk);
    this.#fail(failure);
    throw error;
  }

  #fail(failure: Failure): void {
    this.failure ??= failure;
  }

  #stopping(): boolean {
    return this.failure !== undefined || this.#outage !== undefined || this.#settings.signal?.aborted === true;
  }
}

