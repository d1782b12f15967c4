import type { Readable } from 'node:stream';

/** Why a body could not be read whole. */
export type BodyFailureKind = 'too-large' | 'broken' | 'stopped';

/** Reading a body failed; the transport turns this into a concur-sdk error. */
export class BodyReadFailure extends Error {
  override readonly name = 'BodyReadFailure';

  constructor(
    readonly kind: BodyFailureKind,
    readonly detail?: unknown,
  ) {
    super(kind);
  }
}

/** How to read one body. */
export interface ReadBodyOptions {
  /** Most bytes to keep. */
  limit: number;
  /**
   * For error bodies, where any part helps: past `limit` keep the first `limit` bytes and stop
   * reading, and on a cut-off resolve with what arrived. Otherwise both reject.
   */
  lenient: boolean;
  /** Called on every chunk (an idle timer re-arms here). */
  onChunk?: (() => void) | undefined;
  /** Aborting it stops the read at once (`stopped`) and destroys the stream, closing its socket. */
  signal: AbortSignal;
}

const ignore = (): void => undefined;

/**
 * Reads a response stream into one Buffer, within a byte limit. A stream that ends without
 * `end` (the connection broke, a chunked body cut off) rejects with `broken` unless `lenient`. Once settled, the
 * stream is left with an error listener, so a late error from a destroyed stream is never thrown.
 */
export async function readBody(stream: Readable, options: ReadBodyOptions): Promise<Buffer> {
  const { limit, lenient, onChunk, signal } = options;
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (settle: () => void, destroy: boolean): void => {
      // Stryker disable next-line ConditionalExpression: defensive; finish removes every listener that could call it again before it settles
      if (settled) return;
      // Stryker disable next-line BooleanLiteral: see above, the guard never meets a second call
      settled = true;
      stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose).on('error', ignore);
      signal.removeEventListener('abort', onAbort);
      // Stryker disable next-line ConditionalExpression: destroy is false only after end or close, where destroying again is a no-op
      if (destroy) stream.destroy();
      settle();
    };
    // Stryker disable next-line ConditionalExpression: the shortcut only saves a copy; Buffer.concat of one chunk holds the same bytes
    const whole = (): Buffer => (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    function onData(chunk: Buffer): void {
      onChunk?.();
      if (size + chunk.length <= limit) {
        chunks.push(chunk);
        size += chunk.length;
        return;
      }
      if (!lenient) {
        finish(() => reject(new BodyReadFailure('too-large')), true);
        return;
      }
      // Stryker disable next-line ArithmeticOperator: with chunks before this one whole() joins only `size` (= limit) bytes; with none `size` is 0, so limit + size = limit - size
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      finish(() => resolve(whole()), true);
    }
    function onEnd(): void {
      // Stryker disable next-line BooleanLiteral: destroying a body read to its end is a no-op for its socket (IncomingMessage keeps a complete message's connection)
      finish(() => resolve(whole()), false);
    }
    const cutOff = (kind: BodyFailureKind, detail: unknown, destroy: boolean): void => {
      finish(() => (lenient ? resolve(whole()) : reject(new BodyReadFailure(kind, detail))), destroy);
    };
    function onError(error: unknown): void {
      // Stryker disable next-line BooleanLiteral: streams emit 'error' from destroy(err) (sockets, zlib), so the stream is destroyed already
      cutOff(signal.aborted ? 'stopped' : 'broken', error, true);
    }
    function onClose(): void {
      // A close before `end` means the body was cut off.
      // Stryker disable next-line BooleanLiteral: the stream is closed already; destroying it again is a no-op
      cutOff(signal.aborted ? 'stopped' : 'broken', undefined, false);
    }
    function onAbort(): void {
      cutOff('stopped', undefined, true);
    }
    if (signal.aborted) {
      onAbort();
      return;
    }
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal fires 'abort' once; finish removes the listener on every way out, so once only frees it sooner
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}
