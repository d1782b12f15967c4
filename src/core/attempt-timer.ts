/**
 * The time limit of one attempt, and its abort switch. The attempt's requests and body reads
 * listen to {@link AttemptTimer.signal}; it aborts when the limit runs out or when the caller's
 * signal aborts, and {@link AttemptTimer.timedOut} tells the two apart.
 *
 * axios' own `timeout` is not used: it is cleared once the response headers arrive, so a body
 * trickled byte by byte would hold the call forever (TOOLCHAIN.md, "axios' time limit").
 */
export class AttemptTimer {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal | undefined;
  #timedOut = false;

  /** Starts the limit of `ms` milliseconds (at most 2^31 - 1, checked by the options). */
  constructor(ms: number, caller: AbortSignal | undefined) {
    this.#caller = caller;
    this.#timer = setTimeout(() => {
      this.#timedOut = true;
      this.#controller.abort(new Error(`no complete response within ${ms} ms`));
    }, ms);
    if (caller?.aborted) this.#controller.abort(caller.reason);
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once; stop() removes the listener, so once only frees it sooner
    else caller?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  /** Aborts when the limit runs out or the caller aborts. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the limit ran out (rather than the caller aborting). */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Starts the limit again from now: for downloads, where it bounds each wait for bytes. */
  touch(): void {
    // Stryker disable next-line ConditionalExpression: once aborted, the attempt settles on that abort and reads timedOut then; re-arming only moves a timer that stop() clears and whose abort would be a no-op
    if (!this.#controller.signal.aborted) this.#timer.refresh();
  }

  /** Ends the limit; call once the attempt has settled. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }

  readonly #onCallerAbort = (): void => {
    // Stryker disable next-line OptionalChaining: the listener is only added to the caller's signal, so the caller is set when it runs
    this.#controller.abort(this.#caller?.reason);
  };
}
