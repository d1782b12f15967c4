import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** How far a streamed download has come. */
export interface DownloadProgress {
  /** Bytes written so far (after any `Content-Encoding` was undone). */
  bytes: number;
  /** The size Concur announced (`Content-Length`), when it did and the count has not passed it. */
  totalBytes?: number;
}

/**
 * Where a download's body goes, attempt by attempt. A file target opens a fresh temporary file
 * for each attempt, so a broken attempt can be retried; a caller's stream cannot be rewound, so
 * once bytes reached it a broken download is not retried.
 */
export interface DownloadSink {
  /** The destination of one attempt's body. */
  open(): Writable;
  /** True when {@link DownloadSink.open} gives a fresh destination each time (a file rewritten). */
  readonly reopenable: boolean;
  /** Called after every chunk written. */
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
}

/** Why streaming stopped: the response broke, the destination failed, or the attempt was stopped. */
export type StreamFailure =
  | { kind: 'source'; error: unknown; bytes: number }
  | { kind: 'destination'; error: unknown; bytes: number }
  | { kind: 'stopped'; bytes: number };

/**
 * Pipes a response body into the sink with backpressure, counting bytes and calling `onChunk`
 * (the idle timer re-arms there). Resolves with the byte count once the destination has finished;
 * rejects with a {@link StreamFailure} saying which side failed.
 */
export async function streamBody(source: Readable, sink: DownloadSink, declaredBytes: number | undefined, onChunk: () => void, signal: AbortSignal): Promise<number> {
  let bytes = 0;
  let failedSide: 'source' | 'destination' | undefined;
  const destination = sink.reopenable ? sink.open() : shielded(sink.open());
  source.once('error', () => (failedSide ??= 'source'));
  destination.once('error', () => (failedSide ??= 'destination'));
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      onChunk();
      if (sink.onProgress !== undefined) {
        const total = declaredBytes !== undefined && bytes <= declaredBytes ? { totalBytes: declaredBytes } : {};
        sink.onProgress({ bytes, ...total });
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, destination, { signal });
    return bytes;
  } catch (error) {
    const failure: StreamFailure = signal.aborted ? { kind: 'stopped', bytes } : { kind: failedSide ?? 'source', error, bytes };
    throw failure;
  }
}

/**
 * A caller's stream as the pipeline's destination. The pipeline destroys its destination when it
 * fails; a caller's stream that no byte has reached yet is left open instead, so the attempt can
 * be retried into it. Once bytes reached it, a failure destroys it as before.
 */
function shielded(target: Writable): Writable {
  let written = false;
  const onError = (error: Error): void => void shield.destroy(error);
  const shield: Writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written = true;
      if (target.write(chunk)) done();
      else target.once('drain', () => done());
    },
    final(done) {
      target.end(() => done());
    },
    destroy(error, done) {
      if (error !== null && written) target.destroy(error);
      else target.off('error', onError);
      done(error);
    },
  });
  target.once('error', onError);
  return shield;
}

/** True for what {@link streamBody} rejects with. */
export function isStreamFailure(value: unknown): value is StreamFailure {
  return typeof value === 'object' && value !== null && 'kind' in value && 'bytes' in value && !(value instanceof Error);
}
