import type { BulkInput, BulkResult } from '../bulk.js';
import { runWorker, startServer } from '../lib/procs.js';
import { fmt, markdownTable, median, ratio } from '../lib/stats.js';
import type { SectionContext } from './context.js';

// --- 3 and 4. bulk ---

/** One bulk run in its own worker process, against a fresh server; section 4 uses it too. */
export async function bulkRun(
  { config, log }: Pick<SectionContext, 'config' | 'log'>,
  mode: BulkInput['mode'],
  items: number,
  serverArgs: string[],
  profile: boolean,
): Promise<BulkResult & { served503: number }> {
  const server = await startServer(serverArgs);
  try {
    const input: BulkInput = { url: server.url, mode, items, chunkSize: config.bulk.chunkSize, retryDelayMs: config.faults.retryDelayMs };
    // --expose-gc only lets the worker measure what it kept after the run; it changes no GC setting.
    const result = await runWorker<BulkResult>('bulk', input, { profile, nodeOptions: ['--expose-gc'] });
    const stats = await server.stats();
    if (stats.items !== items && stats.faults === 0) throw new Error(`the server received ${stats.items} items, expected ${items}`);
    log(
      `   ${mode} ${fmt(items)} items: ${fmt(result.itemsPerSecond)} items/s, peak RSS ${fmt(result.peakRssMb, 1)} MB, ` +
        `peak heap ${fmt(result.peakHeapMb, 1)} MB, heap after GC ${fmt(result.heapAfterGcMb, 1)} MB, ${fmt(result.wallMs / 1000, 2)} s`,
    );
    return { ...result, served503: stats.faults };
  } finally {
    await server.stop();
  }
}

/** `median (min–max)` of a few runs' figures. */
export function spread(values: readonly number[], decimals = 0): string {
  if (values.length === 1) return fmt(values[0] ?? Number.NaN, decimals);
  return `${fmt(median(values), decimals)} (${fmt(Math.min(...values), decimals)}–${fmt(Math.max(...values), decimals)})`;
}

export async function bulkSection(context: SectionContext): Promise<void> {
  const { config, profiled, log, targets, sections } = context;
  const { sizes, chunkSize, reps } = config.bulk;
  log(`\n== 3. Bulk create (${reps} run(s) of each client at each size, alternating)`);
  const rows: string[][] = [];
  const peaks: number[] = [];
  for (const size of sizes) {
    const sdk: BulkResult[] = [];
    const bare: BulkResult[] = [];
    for (let rep = 0; rep < reps; rep += 1) {
      sdk.push(await bulkRun(context, 'sdk', size, [], profiled.includes('bulk') && rep === 0));
      bare.push(await bulkRun(context, 'axios', size, [], false));
    }
    const sdkRate = median(sdk.map((run) => run.itemsPerSecond));
    const bareRate = median(bare.map((run) => run.itemsPerSecond));
    const sdkPeak = median(sdk.map((run) => run.peakRssMb));
    peaks.push(sdkPeak);
    rows.push([
      fmt(size),
      spread(sdk.map((run) => run.itemsPerSecond)),
      spread(bare.map((run) => run.itemsPerSecond)),
      ratio(sdkRate / bareRate),
      spread(sdk.map((run) => run.peakRssMb), 1),
      fmt(median(sdk.map((run) => run.startRssMb)), 1),
      spread(sdk.map((run) => run.peakHeapMb), 1),
      fmt(median(sdk.map((run) => run.heapAfterGcMb)), 1),
      fmt(median(bare.map((run) => run.peakRssMb)), 1),
      `${fmt(median(sdk.map((run) => run.wallMs)) / 1000, 2)} / ${fmt(median(bare.map((run) => run.wallMs)) / 1000, 2)}`,
      fmt(sdk[0]?.requests ?? 0),
    ]);
  }
  const [small, large] = [peaks[0] ?? Number.NaN, peaks[peaks.length - 1] ?? Number.NaN];
  const growth = large - small;
  targets.push({
    what: `SDK peak RSS at ${fmt(sizes[sizes.length - 1] ?? 0)} items ≤ peak at ${fmt(sizes[0] ?? 0)} + 20 MB`,
    measured: `${fmt(large, 1)} MB vs ${fmt(small, 1)} MB (${growth >= 0 ? '+' : ''}${fmt(growth, 1)} MB)`,
    met: growth <= 20,
  });
  const text = [
    '## 3. Bulk create',
    '',
    `SDK: \`concur.listItems.create(listId, asyncIterable, { keepItems: false, onProgress })\`, items generated one by one by an async generator, ` +
      `chunks of ${fmt(chunkSize)}, one request in flight (the default). The server (own process, fresh for each run) answers every batch with a ` +
      '`list-item-batch-result` counting all its items as succeeded; the run checks that every item was reported succeeded. ' +
      'Baseline: the same bodies, built before the clock starts, posted in turn by a default axios instance (no chunking, no validation, no reconciliation). ' +
      "Every run is its own process, so the peak RSS (`process.resourceUsage().maxRSS`) is that run's alone. " +
      `${reps} run(s) per client and size, alternating SDK and axios: figures are the median, with the range in brackets.`,
    '',
    markdownTable([
      [
        'Items',
        'SDK items/s',
        'axios items/s',
        'SDK/axios',
        'SDK peak RSS MB',
        'SDK RSS at start MB',
        'SDK peak heap MB',
        'SDK heap after GC MB',
        'axios peak RSS MB (bodies pre-built)',
        'wall s (SDK / axios)',
        'SDK requests',
      ],
      ...rows,
    ]),
  ].join('\n');
  sections.push(text);
  log(text);
}
