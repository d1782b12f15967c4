import type { BulkInput, BulkResult } from '../bulk.js';
import { runWorker, startServer } from '../lib/procs.js';
import { fmt, markdownTable, median, ratio } from '../lib/stats.js';
import type { SectionContext } from './context.js';

// --- 3 and 4. bulk ---

/** Issue "Performance and large data": peak RSS at the larger size at most this above the smaller. */
const RSS_GROWTH_MB = 5;
/** "Heap after GC flat", read as: at most this much more kept at the larger size (about 10 % of it). */
const HEAP_GROWTH_MB = 1;

/** One bulk run in its own worker process, against a fresh server; section 4 uses it too. */
export async function bulkRun(
  { config, log }: Pick<SectionContext, 'config' | 'log'>,
  mode: BulkInput['mode'],
  items: number,
  serverArgs: string[],
  profile: boolean,
  traceGc = false,
): Promise<BulkResult & { served503: number }> {
  const server = await startServer(serverArgs);
  try {
    const input: BulkInput = { url: server.url, mode, items, chunkSize: config.bulk.chunkSize, retryDelayMs: config.faults.retryDelayMs };
    // --expose-gc only lets the worker measure what it kept after the run; it changes no GC setting.
    const result = await runWorker<BulkResult>('bulk', input, { profile, nodeOptions: ['--expose-gc', ...(traceGc ? ['--trace-gc'] : [])] });
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
  const { config, profiled, gcTraced, log, targets, sections } = context;
  const { sizes, chunkSize, reps, baselineReps } = config.bulk;
  log(`\n== 3. Bulk create (${reps} SDK run(s) and ${baselineReps} baseline run(s) at each size, alternating)`);
  const rows: string[][] = [];
  const peaks: number[] = [];
  const kept: number[] = [];
  for (const size of sizes) {
    const sdk: BulkResult[] = [];
    const bare: BulkResult[] = [];
    for (let rep = 0; rep < reps; rep += 1) {
      sdk.push(await bulkRun(context, 'sdk', size, [], profiled.includes('bulk') && rep === 0, gcTraced.includes('bulk')));
      if (rep < baselineReps) bare.push(await bulkRun(context, 'axios', size, [], false));
    }
    const sdkRate = median(sdk.map((run) => run.itemsPerSecond));
    const bareRate = median(bare.map((run) => run.itemsPerSecond));
    const sdkPeak = median(sdk.map((run) => run.peakRssMb));
    peaks.push(sdkPeak);
    kept.push(median(sdk.map((run) => run.heapAfterGcMb)));
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
  const signed = (value: number): string => `${value >= 0 ? '+' : ''}${fmt(value, 1)}`;
  const [first, last] = [fmt(sizes[0] ?? 0), fmt(sizes[sizes.length - 1] ?? 0)];
  targets.push({
    what: `SDK peak RSS at ${last} items ≤ peak at ${first} + ${RSS_GROWTH_MB} MB (steady state)`,
    measured: `${fmt(large, 1)} MB vs ${fmt(small, 1)} MB (${signed(growth)} MB)`,
    met: growth <= RSS_GROWTH_MB,
  });
  const [keptSmall, keptLarge] = [kept[0] ?? Number.NaN, kept[kept.length - 1] ?? Number.NaN];
  targets.push({
    what: `SDK heap after GC flat: at ${last} items ≤ at ${first} + ${HEAP_GROWTH_MB} MB`,
    measured: `${fmt(keptLarge, 1)} MB vs ${fmt(keptSmall, 1)} MB (${signed(keptLarge - keptSmall)} MB)`,
    met: keptLarge - keptSmall <= HEAP_GROWTH_MB,
  });
  const text = [
    '## 3. Bulk create',
    '',
    `SDK: \`concur.listItems.create(listId, asyncIterable, { keepItems: false, onProgress })\`, items generated one by one by an async generator, ` +
      `chunks of ${fmt(chunkSize)}, one request in flight (the default). The server (own process, fresh for each run) answers every batch with a ` +
      '`list-item-batch-result` counting all its items as succeeded; the run checks that every item was reported succeeded. ' +
      'Baseline: the same bodies, built as Buffers before the clock starts (1,000,000 items\' worth at most, posted again in turn for a larger run), ' +
      'posted in turn by a default axios instance (no chunking, no validation, no reconciliation). ' +
      "Every run is its own process, so the peak RSS (`process.resourceUsage().maxRSS`) is that run's alone; the SDK workers run with `--expose-gc` only to measure the heap kept after a full collection at the end. " +
      `${reps} SDK run(s) and ${baselineReps} baseline run(s) per size, alternating: figures are the median, with the range in brackets. ` +
      `Targets: the SDK's peak RSS at the larger size at most ${RSS_GROWTH_MB} MB above the smaller (steady state), and its heap after GC flat (taken as at most ${HEAP_GROWTH_MB} MB more).`,
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
