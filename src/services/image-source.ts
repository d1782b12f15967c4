import { readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { describeValue, typeOfValue } from '../internal/describe.js';

/**
 * An image to upload: its bytes, a file path, or a readable stream with its length. Whatever the
 * form, the image is sent with `Content-Length` (Concur refuses chunked bodies) and its size is
 * checked against Concur's 10 MB limit before anything is sent.
 *
 * @example
 * ```ts
 * await concur.imaging.uploadReceipt('/scans/taxi.pdf', 'pdf');
 * await concur.imaging.uploadReceipt({ stream: s3Object.Body, length: s3Object.ContentLength }, 'png');
 * ```
 */
export type ImageSource = Uint8Array | string | ImageStream;

/** An image read from a stream: the stream, and its exact size. */
export interface ImageStream {
  /** The image's bytes, read to the end before sending (at most 10 MB). */
  stream: Readable;
  /** The stream's size in bytes: checked against the 10 MB limit before reading, and against what the stream held. */
  length: number;
}

/**
 * The image's bytes, at most `max`: a file's size is checked before it is read, and a stream's
 * declared length before it is read and against what it held.
 */
export async function imageBytes(source: unknown, max: number): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  const tooLarge = (size: number): ConcurValidationError =>
    new ConcurValidationError(`The image is ${size} bytes; Concur accepts at most 10 MB (${max} bytes). Compress or split it.`, { field: 'data' });
  if (typeof source === 'string') {
    let size: number;
    try {
      const info = await stat(source);
      if (!info.isFile()) throw new Error('not a regular file');
      size = info.size;
    } catch (error) {
      const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
      throw new ConcurValidationError(`data is a string, read as a file path, and no image file can be read there (${reason}): "${source.slice(0, 200)}".`, { field: 'data' });
    }
    if (size > max) throw tooLarge(size);
    return readFile(source);
  }
  if (typeof source === 'object' && source !== null && 'stream' in source) {
    const { stream, length } = source as { stream: unknown; length: unknown };
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
      throw new ConcurValidationError(`length must be the stream's size in bytes, a whole number (got ${describeValue(length)}): Concur needs it to refuse nothing chunked.`, {
        field: 'data.length',
      });
    }
    if (length > max) throw tooLarge(length);
    if (typeof stream !== 'object' || stream === null || typeof (stream as Readable)[Symbol.asyncIterator] !== 'function') {
      throw new ConcurValidationError(`stream must be a readable stream (got ${typeOfValue(stream)}).`, { field: 'data.stream' });
    }
    const chunks: Buffer[] = [];
    let read = 0;
    for await (const chunk of stream as Readable) {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      read += bytes.length;
      if (read > length) {
        (stream as Readable).destroy();
        throw new ConcurValidationError(`The stream held more than its declared length of ${length} bytes; nothing was sent.`, { field: 'data.length' });
      }
      chunks.push(bytes);
    }
    if (read !== length) throw new ConcurValidationError(`The stream held ${read} bytes, not its declared length of ${length}; nothing was sent.`, { field: 'data.length' });
    return Buffer.concat(chunks, read);
  }
  throw new ConcurValidationError(
    `The image must be bytes (a Buffer or Uint8Array), a file path, or { stream, length } (got ${typeOfValue(source)}).`,
    { field: 'data' },
  );
}
