import { getEventListeners } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { BodyReadFailure, readBody } from '../../src/core/body.js';

// How one response body is read: a 2xx body whole or not at all (strict), an error body as far as
// it helps (lenient, its first `limit` bytes), and a stop the moment the attempt is aborted.

const live = (): AbortSignal => new AbortController().signal;

/** Resolves with what the read settled with: the bytes as text, or the failure's kind and detail. */
async function outcome(read: Promise<Buffer>): Promise<{ text: string } | { kind: string; detail: unknown }> {
  try {
    return { text: (await read).toString('utf8') };
  } catch (error) {
    if (!(error instanceof BodyReadFailure)) throw error;
    return { kind: error.kind, detail: error.detail };
  }
}

describe('a strict read (a 2xx body)', () => {
  it('joins every chunk, calling onChunk for each', async () => {
    const stream = new PassThrough();
    const onChunk = vi.fn();
    const read = readBody(stream, { limit: 100, lenient: false, onChunk, signal: live() });
    stream.write('<lists>');
    stream.write('<list/>');
    stream.end('</lists>');
    expect(await outcome(read)).toEqual({ text: '<lists><list/></lists>' });
    expect(onChunk).toHaveBeenCalledTimes(3);
  });

  it('a body of exactly the limit is read whole', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 6, lenient: false, signal: live() });
    stream.write('abc');
    stream.end('def');
    expect(await outcome(read)).toEqual({ text: 'abcdef' });
  });

  it('one byte over the limit fails as too large and closes the stream', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 5, lenient: false, signal: live() });
    stream.write('abc');
    stream.write('def');
    expect(await outcome(read)).toEqual({ kind: 'too-large', detail: undefined });
    expect(stream.destroyed).toBe(true);
  });

  it('a stream closed before its end is a broken body, not a short success', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 100, lenient: false, signal: live() });
    stream.write('<lists><li');
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy();
    expect(await outcome(read)).toEqual({ kind: 'broken', detail: undefined });
  });

  it('a stream that errors is a broken body carrying the error', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 100, lenient: false, signal: live() });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    stream.destroy(reset);
    expect(await outcome(read)).toEqual({ kind: 'broken', detail: reset });
  });

  it('an abort stops the read at once and closes the stream', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const read = readBody(stream, { limit: 100, lenient: false, signal: controller.signal });
    stream.write('partial');
    controller.abort();
    expect(await outcome(read)).toEqual({ kind: 'stopped', detail: undefined });
    expect(stream.destroyed).toBe(true);
  });

  it.each([
    ['an error', (stream: PassThrough) => stream.emit('error', new Error('canceled'))],
    ['a close', (stream: PassThrough) => stream.emit('close')],
  ])('%s that the abort itself causes is a stop, not a broken body', async (_what, cut) => {
    const stream = new PassThrough();
    const controller = new AbortController();
    // Heard before the read's own listener, as the adapter's, which destroys the body on abort.
    controller.signal.addEventListener('abort', () => cut(stream));
    const read = readBody(stream, { limit: 100, lenient: false, signal: controller.signal });
    controller.abort();
    expect(await outcome(read)).toMatchObject({ kind: 'stopped' });
  });

  it('an already aborted signal stops the read before any byte and closes the stream', async () => {
    const stream = new PassThrough();
    stream.write('never read');
    const read = readBody(stream, { limit: 100, lenient: false, signal: AbortSignal.abort() });
    expect(await outcome(read)).toEqual({ kind: 'stopped', detail: undefined });
    expect(stream.destroyed).toBe(true);
  });

  it('an error from the stream after the read settled is never thrown', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 3, lenient: false, signal: live() });
    stream.write('abcd');
    await outcome(read);
    expect(() => stream.emit('error', new Error('late socket error'))).not.toThrow();
  });
});

describe('a lenient read (an error body)', () => {
  it('past the limit, keeps exactly the first `limit` bytes and closes the stream', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 5, lenient: true, signal: live() });
    stream.write('abc');
    stream.write('defgh');
    expect(await outcome(read)).toEqual({ text: 'abcde' });
    expect(stream.destroyed).toBe(true);
  });

  it('a body cut off keeps what arrived', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 100, lenient: true, signal: live() });
    stream.write('<Error><Mess');
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy(new Error('socket hang up'));
    expect(await outcome(read)).toEqual({ text: '<Error><Mess' });
  });

  it('an abort keeps what arrived', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const read = readBody(stream, { limit: 100, lenient: true, signal: controller.signal });
    stream.write('<Error>');
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await outcome(read)).toEqual({ text: '<Error>' });
  });
});

describe('after the read', () => {
  /** The listeners a read may leave on its stream and signal. */
  const left = (stream: PassThrough, signal: AbortSignal): Record<string, number> => ({
    data: stream.listenerCount('data'),
    end: stream.listenerCount('end'),
    close: stream.listenerCount('close'),
    error: stream.listenerCount('error'),
    abort: getEventListeners(signal, 'abort').length,
  });
  // A client reuses one signal for many calls (a job's shutdown signal): a read must leave none of
  // its listeners on it, and on the stream only the one that swallows a late error.
  const none = { data: 0, end: 0, close: 0, error: 1, abort: 0 };

  it.each([
    ['read to its end', (stream: PassThrough) => stream.end('<a/>'), { text: '<a/>' }],
    ['too large', (stream: PassThrough) => stream.end('0123456789-too-long'), { kind: 'too-large', detail: undefined }],
    ['cut off', (stream: PassThrough) => stream.destroy(), { kind: 'broken', detail: undefined }],
  ])('a read that ended %s leaves no listener behind', async (_name, settle, expected) => {
    const stream = new PassThrough();
    const signal = new AbortController().signal;
    const read = readBody(stream, { limit: 10, lenient: false, signal });
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    settle(stream);
    expect(await outcome(read)).toEqual(expected);
    expect(left(stream, signal)).toEqual(none);
  });

  it('a failure is a BodyReadFailure by name too, as it would show in a log', async () => {
    const stream = new PassThrough();
    const read = readBody(stream, { limit: 1, lenient: false, signal: live() });
    stream.end('too long');
    await expect(read).rejects.toMatchObject({ name: 'BodyReadFailure', kind: 'too-large', message: 'too-large' });
  });
});
