import { setTimeout as delay } from 'node:timers/promises';
import axios from 'axios';
import { ConcurClient, type SleepFunction } from '../src/index.js';
import { buildXml } from '../src/xml/builder.js';
import { listItemToWire } from '../src/services/list-items-codec.js';
import { BATCH_CREATE_PATH, LIST_ID, LIST_NAMESPACE, makeItems, streamItems } from './lib/fixtures.js';
import { runAsWorker, workerInput } from './lib/procs.js';
import { nowNs } from './lib/stats.js';

/**
 * Sections 3 and 4, bulk create. One run per process, so `maxRSS` is this run's peak alone.
 *
 * - `sdk`: items streamed from an async generator through `listItems.create` (chunking,
 *   validation, XML, retry policy, reconciliation), `keepItems: false`.
 * - `axios`: the baseline: the same 1000-item bodies, built before the clock starts (as Buffers,
 *   at most {@link DISTINCT_ITEMS} items' worth, posted again in turn for larger runs), posted one
 *   after another by a default axios instance; the answer is only checked for HTTP 200.
 */

/** Items the baseline builds bodies for; a larger run posts the same bodies again. */
const DISTINCT_ITEMS = 1_000_000;

export interface BulkInput {
  url: string;
  mode: 'sdk' | 'axios';
  items: number;
  chunkSize: number;
  /** Retry wait when the server gives no Retry-After (sdk mode). */
  retryDelayMs: number;
}

export interface BulkResult {
  mode: 'sdk' | 'axios';
  items: number;
  wallMs: number;
  itemsPerSecond: number;
  /** Peak resident set size of this process, MB (`process.resourceUsage().maxRSS`). */
  peakRssMb: number;
  /** Resident set size before the run started (after loading and, for axios, building), MB. */
  startRssMb: number;
  chunks: number;
  requests: number;
  succeeded: number;
  failed: number;
  unknown: number;
  retries: number;
  /** Time spent inside the client's retry waits, measured around each wait, ms. */
  waitedMs: number;
  /** Largest V8 heap (`heapTotal`) seen after a chunk, MB. */
  peakHeapMb: number;
  /** Heap in use after a full garbage collection once the run is over, MB: what the run kept. */
  heapAfterGcMb: number;
}

const MB = 1024 * 1024;

let peakHeap = 0;
function sampleHeap(): void {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapTotal);
}

/** Heap in use after a full collection (the worker runs with --expose-gc). */
function heapAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / MB;
}

async function runSdk(input: BulkInput): Promise<BulkResult> {
  let waitedNs = 0;
  let retries = 0;
  let chunks = 0;
  let requests = 0;
  // A real wait (the default sleep is a timer too), timed so the share of waiting is measured.
  const sleep: SleepFunction = async (ms, signal) => {
    const t0 = nowNs();
    try {
      await delay(ms, undefined, signal === undefined ? {} : { signal });
    } finally {
      waitedNs += nowNs() - t0;
    }
  };
  const concur = new ConcurClient({
    baseUrl: input.url,
    accessToken: 'token',
    retry: { delayMs: input.retryDelayMs },
    sleep,
    onRetry: () => {
      retries += 1;
    },
  });
  const startRssMb = process.memoryUsage.rss() / MB;
  const t0 = nowNs();
  const result = await concur.listItems.create(LIST_ID, streamItems(input.items), {
    chunkSize: input.chunkSize,
    keepItems: false,
    onProgress: ({ chunk }) => {
      chunks += 1;
      requests += chunk.attempts;
      sampleHeap();
    },
  });
  const wallMs = (nowNs() - t0) / 1e6;
  if (result.succeeded !== input.items) {
    throw new Error(`SDK bulk run: ${result.succeeded} of ${input.items} items succeeded (${result.failed} failed, ${result.unknown} unknown)`);
  }
  return {
    mode: 'sdk',
    items: input.items,
    wallMs,
    itemsPerSecond: input.items / (wallMs / 1_000),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    startRssMb,
    chunks,
    requests,
    succeeded: result.succeeded,
    failed: result.failed,
    unknown: result.unknown,
    retries,
    waitedMs: waitedNs / 1e6,
    peakHeapMb: peakHeap / MB,
    heapAfterGcMb: heapAfterGc(),
  };
}

async function runAxios(input: BulkInput): Promise<BulkResult> {
  const bodies: Buffer[] = [];
  const sizes: number[] = [];
  for (let offset = 0; offset < input.items; offset += input.chunkSize) {
    const size = Math.min(input.chunkSize, input.items - offset);
    sizes.push(size);
    if (offset >= DISTINCT_ITEMS) continue;
    const items = makeItems(size, offset);
    bodies.push(Buffer.from(buildXml('list-item-batch', { 'list-item': items.map(listItemToWire) }, { namespace: LIST_NAMESPACE }), 'utf8'));
  }
  if (sizes.some((size) => size !== input.chunkSize) && input.items > DISTINCT_ITEMS) throw new Error('A baseline run past its distinct bodies must be a whole number of chunks');
  const bare = axios.create({ baseURL: input.url });
  const headers = { Authorization: 'Bearer token', Accept: 'application/xml', 'Content-Type': 'application/xml' };
  const startRssMb = process.memoryUsage.rss() / MB;
  const t0 = nowNs();
  for (let chunk = 0; chunk < sizes.length; chunk += 1) {
    const response = await bare.post<string>(BATCH_CREATE_PATH, bodies[chunk % bodies.length], { headers });
    if (response.status !== 200) throw new Error(`axios bulk run: HTTP ${response.status}`);
    sampleHeap();
  }
  const wallMs = (nowNs() - t0) / 1e6;
  return {
    mode: 'axios',
    items: input.items,
    wallMs,
    itemsPerSecond: input.items / (wallMs / 1_000),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    startRssMb,
    chunks: sizes.length,
    requests: sizes.length,
    succeeded: input.items,
    failed: 0,
    unknown: 0,
    retries: 0,
    waitedMs: 0,
    peakHeapMb: peakHeap / MB,
    heapAfterGcMb: heapAfterGc(),
  };
}

runAsWorker(async () => {
  const input = workerInput<BulkInput>();
  return input.mode === 'sdk' ? runSdk(input) : runAxios(input);
});
