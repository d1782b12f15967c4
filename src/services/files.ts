import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import type { ConcurResponse } from '../core/decode.js';
import type { DownloadProgress, DownloadSink } from '../core/download.js';
import type { CallOptions } from '../core/options.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue } from '../internal/describe.js';

/** Where a download goes: a file path, or a stream you own. */
export type DownloadTarget = string | Writable;

/**
 * Options of a file download (`extract.downloadFile`, `paymentBatches.downloadFile`).
 *
 * @example
 * ```ts
 * await concur.paymentBatches.downloadFile(result.fileUrl!, {
 *   to: '/var/exports/payments.csv',
 *   onProgress: ({ bytes, totalBytes }) => console.log(`${bytes} of ${totalBytes ?? '?'} bytes`),
 * });
 * ```
 */
export interface DownloadOptions extends CallOptions {
  /**
   * Stream the file there instead of returning it as a Buffer, in constant memory whatever its
   * size. A **file path** is written to a temporary file beside it and renamed only once the
   * download is complete, so a broken download never leaves a truncated file under that name; a
   * broken attempt is retried into a fresh temporary file. A **stream** you own receives the bytes
   * as they come and is ended when the file is complete; a download that breaks after bytes
   * reached it is not retried (they cannot be taken back) and the stream is destroyed.
   * @default undefined (the file is returned as a Buffer, within the client's maxResponseBytes)
   */
  to?: DownloadTarget;
  /**
   * Called after every chunk written with the bytes so far and, when Concur announced it, the size.
   * @default undefined
   */
  onProgress?: (progress: DownloadProgress) => void;
}

/** A downloaded extract or payment batch file. */
export interface DownloadedFile {
  /**
   * The response's `Content-Type`: `text/csv` for one file, `application/zip` when the output is
   * several files (`application/octet-stream` when Concur sends none).
   */
  contentType: string;
  /** The file's bytes, unchanged. */
  data: Buffer;
}

/** A file streamed to its target. */
export interface SavedFile {
  /** The response's `Content-Type` (`text/csv`, `application/zip`, or `application/octet-stream` when Concur sends none). */
  contentType: string;
  /** Bytes written. */
  bytes: number;
  /** The final path, when the target was a file path. */
  path?: string;
}

/** A sink for the transport, and what to do once the download has settled. */
export interface FileTarget {
  sink: DownloadSink;
  /** After a successful download: renames the temporary file into place. */
  commit(): Promise<string | undefined>;
  /** After a failed one: removes the temporary file. */
  discard(): Promise<void>;
}

/**
 * Checks a download's `to` and `onProgress` and builds its target: a temporary sibling file for a
 * path (written afresh by each attempt), or the caller's stream.
 */
export function fileTarget(to: unknown, onProgress: unknown): FileTarget {
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new ConcurValidationError(`onProgress must be a function (got ${describeValue(onProgress)}).`, { field: 'onProgress' });
  }
  const progress = onProgress as ((progress: DownloadProgress) => void) | undefined;
  if (to instanceof Writable || (typeof to === 'object' && to !== null && typeof (to as Writable).write === 'function' && typeof (to as Writable).on === 'function')) {
    const stream = to as Writable;
    return { sink: { open: () => stream, reopenable: false, onProgress: progress }, commit: async () => undefined, discard: async () => undefined };
  }
  if (typeof to !== 'string' || to.trim() === '') {
    throw new ConcurValidationError(`to must be a file path or a writable stream (got ${describeValue(to)}).`, { field: 'to' });
  }
  const path = to;
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID().slice(0, 8)}.part`);
  let current: WriteStream | undefined;
  const closed = async (): Promise<void> => {
    const stream = current;
    if (stream === undefined || stream.closed) return;
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.destroy();
    });
  };
  return {
    sink: {
      open: () => {
        current = createWriteStream(temporary, { flags: 'w' });
        return current;
      },
      reopenable: true,
      onProgress: progress,
    },
    commit: async () => {
      await closed();
      await rename(temporary, path);
      return path;
    },
    discard: async () => {
      await closed();
      await unlink(temporary).catch(() => undefined);
    },
  };
}

/**
 * A file download as every service does it: returned as a Buffer without `to`, streamed to `to`
 * (a path or a stream) otherwise. `fetch` makes the request, with the sink when there is one.
 */
export async function download(options: DownloadOptions | undefined, fetch: (sink?: DownloadSink) => Promise<ConcurResponse<Buffer>>): Promise<DownloadedFile | SavedFile> {
  const { to, onProgress } = options ?? {};
  if (to === undefined) {
    if (onProgress !== undefined) throw new ConcurValidationError('onProgress reports a download streamed with `to`; give `to` as well.', { field: 'onProgress' });
    const response = await fetch();
    return { contentType: response.headers['content-type'] ?? 'application/octet-stream', data: response.data };
  }
  return saveTo(fileTarget(to, onProgress), fetch);
}

/**
 * Runs a download into a target: `send` makes the request with the target's sink; the
 * temporary file is renamed into place on success and removed on failure.
 */
export async function saveTo(target: FileTarget, send: (sink: DownloadSink) => Promise<{ headers: Readonly<Record<string, string>>; bytes: number }>): Promise<SavedFile> {
  let response: { headers: Readonly<Record<string, string>>; bytes: number };
  try {
    response = await send(target.sink);
  } catch (error) {
    await target.discard();
    throw error;
  }
  const path = await target.commit();
  return { contentType: response.headers['content-type'] ?? 'application/octet-stream', bytes: response.bytes, ...(path === undefined ? {} : { path }) };
}
