import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { isStreamFailure, streamBody, type DownloadProgress, type DownloadSink } from '../../src/core/download.js';

// A download streamed into a file or a caller's stream: bytes counted and reported, and a failure
// that says which side broke (the response, the destination, or a stop), so the client knows
// whether the attempt can be retried.

/** A sink collecting what it is given; `failAfter` makes the destination fail once it holds that many bytes. */
function collector(options: { failAfter?: number; onProgress?: (progress: DownloadProgress) => void } = {}) {
  const chunks: Buffer[] = [];
  const sink: DownloadSink = {
    reopenable: true,
    onProgress: options.onProgress,
    open: () =>
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk);
          const held = Buffer.concat(chunks).length;
          done(options.failAfter !== undefined && held >= options.failAfter ? new Error('ENOSPC: no space left on device') : null);
        },
      }),
  };
  return { sink, text: () => Buffer.concat(chunks).toString('utf8') };
}

const live = (): AbortSignal => new AbortController().signal;

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (failure) {
    return failure;
  }
  throw new Error('expected the stream to fail');
}

describe('streamBody', () => {
  it('writes every byte, counts them, re-arms the idle limit per chunk and reports progress against the announced size', async () => {
    const progress: DownloadProgress[] = [];
    const { sink, text } = collector({ onProgress: (p) => progress.push(p) });
    const source = new PassThrough();
    const onChunk = vi.fn();
    const done = streamBody(source, sink, 9, onChunk, live());
    source.write('abc');
    source.write('defg');
    source.end('hi');
    expect(await done).toBe(9);
    expect(text()).toBe('abcdefghi');
    expect(onChunk).toHaveBeenCalledTimes(3);
    expect(progress).toEqual([
      { bytes: 3, totalBytes: 9 },
      { bytes: 7, totalBytes: 9 },
      { bytes: 9, totalBytes: 9 },
    ]);
  });

  it('progress leaves out totalBytes when none was announced, and once the count passes the announced size', async () => {
    const unknown: DownloadProgress[] = [];
    const one = collector({ onProgress: (p) => unknown.push(p) });
    const first = new PassThrough();
    const a = streamBody(first, one.sink, undefined, () => undefined, live());
    first.end('abc');
    await a;
    expect(unknown).toEqual([{ bytes: 3 }]);

    const wrong: DownloadProgress[] = [];
    const two = collector({ onProgress: (p) => wrong.push(p) });
    const second = new PassThrough();
    const b = streamBody(second, two.sink, 4, () => undefined, live());
    second.write('abcd');
    second.end('ef');
    await b;
    expect(wrong).toEqual([{ bytes: 4, totalBytes: 4 }, { bytes: 6 }]);
  });

  it('a response that breaks is a source failure with the bytes written so far', async () => {
    const { sink } = collector();
    const source = new PassThrough();
    const done = failureOf(streamBody(source, sink, 100, () => undefined, live()));
    source.write('abcde');
    await new Promise((resolve) => setImmediate(resolve));
    const reset = new Error('aborted');
    source.destroy(reset);
    const failure = await done;
    expect(failure).toEqual({ kind: 'source', error: reset, bytes: 5 });
    expect(isStreamFailure(failure)).toBe(true);
  });

  it('a destination that fails is a destination failure carrying its error (a disk full is not retried)', async () => {
    const { sink } = collector({ failAfter: 1 });
    const source = new PassThrough();
    const done = failureOf(streamBody(source, sink, undefined, () => undefined, live()));
    source.write('abc');
    const failure = await done;
    expect(failure).toMatchObject({ kind: 'destination', bytes: 3, error: { message: 'ENOSPC: no space left on device' } });
  });

  it('an abort is a stop, with the bytes written so far', async () => {
    const { sink } = collector();
    const source = new PassThrough();
    const controller = new AbortController();
    const done = failureOf(streamBody(source, sink, undefined, () => undefined, controller.signal));
    source.write('ab');
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await done).toEqual({ kind: 'stopped', bytes: 2 });
  });
});

describe('isStreamFailure', () => {
  it('tells a stream failure from an error, null or another value', () => {
    expect(isStreamFailure({ kind: 'stopped', bytes: 0 })).toBe(true);
    expect(isStreamFailure(Object.assign(new Error('x'), { kind: 'source', bytes: 1 }))).toBe(false);
    expect(isStreamFailure({ kind: 'source' })).toBe(false);
    expect(isStreamFailure({ bytes: 3 })).toBe(false);
    expect(isStreamFailure(null)).toBe(false);
    expect(isStreamFailure('source')).toBe(false);
  });
});
