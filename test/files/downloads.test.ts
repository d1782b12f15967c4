import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurClient, ConcurNetworkError, ConcurTimeoutError, ConcurValidationError, type DownloadProgress } from '../../src/index.js';
import { bodyOf, plainSocketServerPool, type RawServer } from '../support/raw-server.js';

// Issue "Performance and large data", files of any size: downloads streamed to a file path or a
// stream, uploads from a file path or a stream of known length, over real local sockets.

const FILE_PATH = '/api/expense/paymentbatch/v1.1/batch/run-key-1/file';
let dir: string;
// nock's interceptor does not honour backpressure on large streamed bodies (it cuts them off
// after about a megabyte); these tests run on plain sockets.
const server = plainSocketServerPool().start;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'concur-sdk-files-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function client(url: string, options: Partial<ConstructorParameters<typeof ConcurClient>[0]> = {}): ConcurClient {
  return new ConcurClient({ baseUrl: url, accessToken: 'files-token-0001', retry: { retries: 2, delayMs: 1 }, sleep: async () => undefined, ...options });
}

/** A deterministic body of `size` bytes. */
function content(size: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

const digest = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('downloadFile to a file path', () => {
  it('streams the file there, reports progress, and leaves no temporary file', async () => {
    const body = content(3 * 1024 * 1024 + 17);
    const local = await server((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': String(body.length) });
      res.end(body);
    });
    const target = join(dir, 'payments.csv');
    const progress: DownloadProgress[] = [];
    const saved = await client(local.url).paymentBatches.downloadFile('run-key-1', { to: target, onProgress: (p) => progress.push(p) });
    expect(saved).toEqual({ contentType: 'text/csv', bytes: body.length, path: target });
    expect(digest(readFileSync(target))).toBe(digest(body));
    expect(readdirSync(dir)).toEqual(['payments.csv']);
    expect(progress.at(-1)).toEqual({ bytes: body.length, totalBytes: body.length });
    expect(progress.every((p, i) => i === 0 || p.bytes > (progress[i - 1] as DownloadProgress).bytes)).toBe(true);
  });

  it('a transfer that breaks half-way is retried into a fresh temporary file; only the complete file gets the name', async () => {
    const body = content(2 * 1024 * 1024);
    const local = await server((_req, res, n) => {
      res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': String(body.length) });
      if (n === 1) {
        res.write(body.subarray(0, 700_000));
        setImmediate(() => res.socket?.destroy());
      } else res.end(body);
    });
    const target = join(dir, 'extract.zip');
    const saved = await client(local.url).paymentBatches.downloadFile('run-key-1', { to: target });
    expect(saved.bytes).toBe(body.length);
    expect(digest(readFileSync(target))).toBe(digest(body));
    expect(local.requests).toBe(2);
    expect(readdirSync(dir)).toEqual(['extract.zip']);
  });

  it('a broken download that is not retried leaves neither the file nor a temporary one', async () => {
    writeFileSync(join(dir, 'keep.txt'), 'other');
    const local = await server((_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000000' });
      res.write(content(1000));
      setImmediate(() => res.socket?.destroy());
    });
    const error = await client(local.url, { retry: false })
      .paymentBatches.downloadFile('run-key-1', { to: join(dir, 'out.csv') })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('a silence longer than timeoutMs mid-transfer fails the attempt, which is retried', async () => {
    const body = content(200_000);
    const local = await server((_req, res, n) => {
      res.writeHead(200, { 'Content-Length': String(body.length) });
      if (n === 1) res.write(body.subarray(0, 1000));
      else res.end(body);
    });
    const target = join(dir, 'slow.csv');
    const saved = await client(local.url, { timeoutMs: 150 }).paymentBatches.downloadFile('run-key-1', { to: target });
    expect(saved.bytes).toBe(body.length);
    expect(local.requests).toBe(2);
  });

  it('a destination that cannot be written fails with the file system error, and nothing is retried', async () => {
    const local = await server((_req, res) => res.writeHead(200).end('a,b\n'));
    const error = await client(local.url)
      .paymentBatches.downloadFile('run-key-1', { to: join(dir, 'missing-folder', 'out.csv') })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'ENOENT' });
    expect(local.requests).toBe(1);
  });
});

describe('downloadFile to a stream', () => {
  it('writes the bytes into the stream and ends it', async () => {
    const body = content(500_000);
    const local = await server((_req, res) => res.writeHead(200, { 'Content-Type': 'text/csv' }).end(body));
    const sink = new PassThrough();
    const collected: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => collected.push(chunk));
    const ended = new Promise((resolve) => sink.on('end', resolve));
    const saved = await client(local.url).paymentBatches.downloadFile(`https://www.concursolutions.com${FILE_PATH}`, { to: sink });
    await ended;
    expect(saved).toEqual({ contentType: 'text/csv', bytes: body.length });
    expect(digest(Buffer.concat(collected))).toBe(digest(body));
  });

  it('a break after bytes reached the stream is final: no retry, a clear error', async () => {
    const local = await server((_req, res) => {
      res.writeHead(200, { 'Content-Length': '900000' });
      res.write(content(100_000));
      setImmediate(() => res.socket?.destroy());
    });
    const sink = new PassThrough();
    sink.resume();
    const error = await client(local.url).paymentBatches.downloadFile('run-key-1', { to: sink }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurNetworkError);
    expect(error).toMatchObject({ code: 'ERR_DOWNLOAD_INTERRUPTED', retryable: false });
    expect((error as Error).message).toContain('cannot be taken back');
    expect(local.requests).toBe(1);
  });

  it('a 503 before any byte is retried as usual', async () => {
    const local = await server((_req, res, n) => {
      if (n === 1) res.writeHead(503).end('<Error><Message>maintenance</Message></Error>');
      else res.writeHead(200).end('x,y\n');
    });
    const sink = new PassThrough();
    sink.resume();
    const saved = await client(local.url).paymentBatches.downloadFile('run-key-1', { to: sink });
    expect(saved.bytes).toBe(4);
    expect(local.requests).toBe(2);
  });

  it('refuses a bad target or onProgress without `to`, before sending', async () => {
    const local = await server((_req, res) => res.writeHead(200).end('x'));
    const batches = client(local.url).paymentBatches;
    await expect(batches.downloadFile('run-key-1', { to: 42 as never })).rejects.toThrow(/to must be a file path or a writable stream \(got number 42\)/);
    await expect(batches.downloadFile('run-key-1', { onProgress: () => undefined } as never)).rejects.toBeInstanceOf(ConcurValidationError);
    expect(local.requests).toBe(0);
  });
});

describe('buffered downloads keep their limit', () => {
  it('without `to`, a file larger than maxResponseBytes is refused', async () => {
    const local = await server((_req, res) => res.writeHead(200).end(content(5000)));
    const error = await client(local.url, { maxResponseBytes: 1000 }).paymentBatches.downloadFile('run-key-1').catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('exceeds maxResponseBytes');
  });

  it('a download that stalls is a ConcurTimeoutError naming the silence', async () => {
    const local = await server((_req, res) => {
      res.writeHead(200);
      res.write('a');
    });
    const error = await client(local.url, { timeoutMs: 120, retry: false }).paymentBatches.downloadFile('run-key-1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect((error as Error).message).toContain('received no data for 120 ms');
  });
});

describe('image uploads from a file or a stream', () => {
  async function receiver(): Promise<{ local: RawServer; received: Array<{ length: string | undefined; chunked: boolean; body: string }> }> {
    const received: Array<{ length: string | undefined; chunked: boolean; body: string }> = [];
    const local = await server((req, res) => {
      void bodyOf(req).then((body) => {
        received.push({ length: req.headers['content-length'], chunked: req.headers['transfer-encoding'] !== undefined, body });
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<Image><Id>img-1</Id><Url></Url></Image>');
      });
    });
    return { local, received };
  }

  it('a file path: sent whole with Content-Length, never chunked', async () => {
    const { local, received } = await receiver();
    const file = join(dir, 'taxi.png');
    writeFileSync(file, 'PNG-bytes-0123456789');
    const image = await client(local.url).imaging.uploadReceipt(file, 'png');
    expect(image.id).toBe('img-1');
    expect(received).toEqual([{ length: '20', chunked: false, body: 'PNG-bytes-0123456789' }]);
  });

  it('a stream with its length: sent with Content-Length; a stream that holds another length is refused before sending', async () => {
    const { local, received } = await receiver();
    const concur = client(local.url);
    await concur.imaging.uploadReceipt({ stream: Readable.from([Buffer.from('%PDF-'), Buffer.from('1.4 body')]), length: 13 }, 'pdf');
    expect(received).toEqual([{ length: '13', chunked: false, body: '%PDF-1.4 body' }]);
    await expect(concur.imaging.uploadReceipt({ stream: Readable.from([Buffer.from('abc')]), length: 5 }, 'pdf')).rejects.toThrow(/held 3 bytes, not its declared length of 5/);
    await expect(concur.imaging.uploadReceipt({ stream: Readable.from([Buffer.from('abcdef')]), length: 5 }, 'pdf')).rejects.toThrow(/more than its declared length/);
    expect(received).toHaveLength(1);
  });

  it('refuses files and declared lengths over 10 MB before reading or sending anything', async () => {
    const { local, received } = await receiver();
    const big = join(dir, 'big.pdf');
    writeFileSync(big, '');
    truncateSync(big, 10 * 1024 * 1024 + 1);
    const concur = client(local.url);
    await expect(concur.imaging.uploadReceipt(big, 'pdf')).rejects.toThrow(/10485761 bytes; Concur accepts at most 10 MB/);
    const never = new Readable({
      read() {
        throw new Error('the stream must not be read');
      },
    });
    await expect(concur.imaging.uploadReceipt({ stream: never, length: 11 * 1024 * 1024 }, 'pdf')).rejects.toThrow(/at most 10 MB/);
    await expect(concur.imaging.uploadReceipt(join(dir, 'nope.pdf'), 'pdf')).rejects.toThrow(/read as a file path.*ENOENT/);
    expect(received).toEqual([]);
  });
});

describe('extract.downloadFile to a file', () => {
  it("streams a finished job's file from the simulator to a path", async () => {
    const { startSimulator, SIMULATOR_TOKEN } = await import('../../src/simulator/index.js');
    const sim = await startSimulator({ jobDurationMs: 0 });
    try {
      const concur = new ConcurClient({ baseUrl: sim.url, accessToken: SIMULATOR_TOKEN, sleep: async () => undefined });
      const [definition] = await concur.extract.listDefinitions();
      if (definition === undefined) throw new Error('the simulator has no extract definition');
      const job = await concur.extract.startJob(definition.id);
      await concur.extract.waitForJob(definition.id, job.id, { intervalMs: 1 });
      const buffered = await concur.extract.downloadFile(definition.id, job.id);
      const target = join(dir, 'extract.csv');
      const saved = await concur.extract.downloadFile(definition.id, job.id, { to: target });
      expect(saved).toEqual({ contentType: buffered.contentType, bytes: buffered.data.length, path: target });
      expect(readFileSync(target)).toEqual(buffered.data);
    } finally {
      await sim.close();
    }
  });
});
