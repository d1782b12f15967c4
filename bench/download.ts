import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BLOCK_BYTES, downloadBlock, DOWNLOAD_KEY, DOWNLOAD_PATH, expectedBytes } from './lib/download-data.js';
import { runAsWorker, workerInput } from './lib/procs.js';
import { nowNs } from './lib/stats.js';

/**
 * Section 5, a large download, one run per process so `maxRSS` is this run's peak alone:
 *
 * - `sdk`: `concur.paymentBatches.downloadFile(key, { to: path, onProgress })`, the SDK's
 *   streamed download to a file (a temporary sibling renamed when complete);
 * - `http`: the baseline: node:http GETs the same file and pipes the response to a file with
 *   `stream.pipeline`.
 *
 * Both write into a new temporary directory, removed afterwards, and check the file's size and
 * its first and last bytes against the generated content. The SDK is loaded from its own bundle
 * (.tmp/bench/sdk.mjs) in `sdk` mode only, so the baseline's RSS holds none of it.
 */

export interface DownloadInput {
  url: string;
  mode: 'sdk' | 'http';
  bytes: number;
}

export interface DownloadResult {
  mode: 'sdk' | 'http';
  bytes: number;
  wallMs: number;
  /** MiB per second. */
  mibPerSecond: number;
  /** Peak resident set size of this process, MB (`process.resourceUsage().maxRSS`). */
  peakRssMb: number;
  /** Resident set size before the download started, MB. */
  startRssMb: number;
  /** Calls of `onProgress` (SDK only). */
  progressCalls: number;
}

const MB = 1024 * 1024;

/** The one part of the SDK bundle this worker calls. */
interface DownloadSdk {
  ConcurClient: new (options: { baseUrl: string; accessToken: string }) => {
    paymentBatches: { downloadFile(key: string, options: { to: string; onProgress: () => void }): Promise<{ path?: string }> };
  };
}

/** Downloads the file to `path`; resolves with the count of progress calls. */
type Download = (path: string) => Promise<number>;

async function viaSdk(url: string): Promise<Download> {
  const sdk = (await import(pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'sdk.mjs')).href)) as DownloadSdk;
  const concur = new sdk.ConcurClient({ baseUrl: url, accessToken: 'token' });
  return async (path) => {
    let calls = 0;
    const saved = await concur.paymentBatches.downloadFile(DOWNLOAD_KEY, {
      to: path,
      onProgress: () => {
        calls += 1;
      },
    });
    if (saved.path !== path) throw new Error(`The SDK saved to ${String(saved.path)}, not ${path}`);
    return calls;
  };
}

async function viaHttp(url: string, path: string): Promise<number> {
  const { hostname, port } = new URL(url);
  await new Promise<void>((resolve, reject) => {
    const request = http.get({ hostname, port, path: DOWNLOAD_PATH, headers: { Authorization: 'Bearer token' } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`HTTP ${String(response.statusCode)}`));
        return;
      }
      pipeline(response, createWriteStream(path)).then(resolve, reject);
    });
    request.on('error', reject);
  });
  return 0;
}

/** Checks the file's size and its first and last bytes against the generated content. */
async function check(path: string, bytes: number): Promise<void> {
  const size = (await stat(path)).size;
  if (size !== bytes) throw new Error(`The downloaded file has ${size} bytes, expected ${bytes}`);
  const block = downloadBlock();
  const file = await open(path, 'r');
  try {
    const lastStart = Math.floor((bytes - 1) / BLOCK_BYTES) * BLOCK_BYTES;
    for (const [offset, length] of [
      [0, Math.min(BLOCK_BYTES, bytes)],
      [lastStart, bytes - lastStart],
    ] as const) {
      const read = Buffer.alloc(length);
      await file.read(read, 0, length, offset);
      if (!read.equals(expectedBytes(block, offset, length))) throw new Error(`The downloaded file differs from what was served at byte ${offset}`);
    }
  } finally {
    await file.close();
  }
}

runAsWorker(async (): Promise<DownloadResult> => {
  const input = workerInput<DownloadInput>();
  const dir = await mkdtemp(join(tmpdir(), 'concur-bench-download-'));
  try {
    const path = join(dir, 'payment-batch.csv');
    const download: Download = input.mode === 'sdk' ? await viaSdk(input.url) : async (to) => viaHttp(input.url, to);
    const startRssMb = process.memoryUsage.rss() / MB;
    const t0 = nowNs();
    const progressCalls = await download(path);
    const wallMs = (nowNs() - t0) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    await check(path, input.bytes);
    return { mode: input.mode, bytes: input.bytes, wallMs, mibPerSecond: input.bytes / MB / (wallMs / 1_000), peakRssMb, startRssMb, progressCalls };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
