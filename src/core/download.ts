import { Transform, type Readable, type Writable } from 'node:stream';
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
  const destination = sink.open();
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

/** True for what {@link streamBody} rejects with. */
export function isStreamFailure(value: unknown): value is StreamFailure {
  return typeof value === 'object' && value !== null && 'kind' in value && 'bytes' in value && !(value instanceof Error);
}
