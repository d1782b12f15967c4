import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { BulkInput, BulkResult } from './bulk.js';
import type { CodecInput, CodecResult } from './codec.js';
import type { ClientName, LatencyInput, LatencyResult, ModeResult } from './latency.js';
import { describeMachine } from './lib/machine.js';
import { PROFILE_DIR, runWorker, startServer } from './lib/procs.js';
import { summariseProfiles } from './lib/profile.js';
import { fmt, markdownTable, median, percentile, ratio } from './lib/stats.js';

/**
 * The bench orchestrator (`npm run bench`): runs each section in its own processes, prints the
 * tables and writes them, with the machine's description, to bench/results.md. A "## Profiling"
 * section already in the output file is kept as it is, so notes written there survive a re-run.
 */

type Section = 'latency' | 'codec' | 'bulk' | 'faults';
const SECTIONS: readonly Section[] = ['latency', 'codec', 'bulk', 'faults'];

const argv = process.argv.slice(2);
function option(name: string): string | undefined {
  const found = argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (found === undefined) return undefined;
  return found.includes('=') ? found.slice(found.indexOf('=') + 1) : 'true';
}

const quick = option('quick') !== undefined || (process.env.BENCH_QUICK ?? '') !== '' && process.env.BENCH_QUICK !== '0';
const only = (option('only')?.split(',') ?? SECTIONS).filter((name): name is Section => SECTIONS.includes(name as Section));
const profiled = option('profile')?.split(',').filter((name): name is Section => SECTIONS.includes(name as Section)) ?? [];
const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const fullRun = !quick && only.length === SECTIONS.length && profiled.length === 0;
// A smoke, partial or profiled run must not overwrite the committed figures.
const outFile = resolve(root, option('out') ?? (fullRun ? 'bench/results.md' : '.tmp/bench-results.md'));

const config = {
  latency: {
    itemsPerResponse: 10,
    clients: (option('clients')?.split(',') ?? ['sdk', 'axios', 'http', 'sdk-text', 'axios-xml2js']) as ClientName[],
    warmup: quick ? 200 : 1_000,
    rounds: quick ? 3 : 10,
    sequentialPerRound: quick ? 100 : 500,
    concurrentPerRound: quick ? 400 : 2_000,
    concurrency: 16,
  },
  codec: { batchSize: 1_000, listedErrors: 10, warmup: quick ? 10 : 50, rounds: quick ? 3 : 10, perRound: quick ? 10 : 40 },
  bulk: {
    sizes: option('bulk-sizes')?.split(',').map(Number) ?? (quick ? [10_000, 100_000] : [100_000, 1_000_000]),
    chunkSize: 1_000,
    reps: Number(option('bulk-reps') ?? (quick ? 1 : 5)),
  },
  faults: { items: quick ? 50_000 : 200_000, faultRate: 0.05, seed: 42, retryDelayMs: 20, reps: quick ? 1 : 3 },
};

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

interface Target {
  what: string;
  measured: string;
  met: boolean;
}
const targets: Target[] = [];
const sections: string[] = [];

// --- 1. per-request overhead ---

const CLIENT_LABELS: Record<ClientName, string> = {
  sdk: 'SDK `listItems.getItems()` (typed, XML parsed)',
  axios: 'axios, default instance (baseline)',
  http: 'node:http, keep-alive agent',
  'sdk-text': 'SDK `request()`, body as text (no XML parse)',
  'axios-xml2js': 'axios, then the body parsed with xml2js (the same work as the typed SDK call)',
};

interface LatencyRatios {
  table: string;
  /** Typed SDK call against bare axios (which parses nothing). */
  sdkOverAxios: number;
  /** The SDK's request() as text against bare axios: the transport alone. */
  transportOverAxios: number;
  /** Typed SDK call against axios + xml2js: a request and an XML parse on both sides. */
  sdkOverAxiosXml2js: number;
}

function latencyTable(results: Record<string, ModeResult>, names: readonly ClientName[]): LatencyRatios {
  const axiosMedian = median(results['axios']?.samples ?? [Number.NaN]);
  const rows = names.map((name) => {
    const result = results[name] as ModeResult;
    const mid = median(result.samples);
    return [
      CLIENT_LABELS[name],
      fmt(mid),
      fmt(percentile(result.samples, 99)),
      fmt(result.requests / (result.wallMs / 1_000)),
      fmt(result.samples.length),
      ratio(mid / axiosMedian),
    ];
  });
  const medianOf = (name: ClientName): number => median(results[name]?.samples ?? [Number.NaN]);
  return {
    table: markdownTable([['Client', 'median µs', 'p99 µs', 'requests/s', 'samples', 'median vs axios'], ...rows]),
    sdkOverAxios: medianOf('sdk') / axiosMedian,
    transportOverAxios: medianOf('sdk-text') / axiosMedian,
    sdkOverAxiosXml2js: medianOf('sdk') / medianOf('axios-xml2js'),
  };
}

async function latencySection(): Promise<void> {
  const c = config.latency;
  log(`\n== 1. Per-request overhead (${c.rounds} alternating rounds per client)`);
  const server = await startServer([`--items=${c.itemsPerResponse}`]);
  let result: LatencyResult;
  try {
    const input: LatencyInput = { url: server.url, ...c };
    result = await runWorker<LatencyResult>('latency', input, { profile: profiled.includes('latency') });
  } finally {
    await server.stop();
  }
  const seq = latencyTable(result.sequential, c.clients);
  const conc = latencyTable(result.concurrent, c.clients);
  const text = [
    '## 1. Per-request overhead',
    '',
    `The same \`GET /api/expense/list/v1.0/{listId}/items\` (answer: ${c.itemsPerResponse} list items, from a bare node:http server in its own process), ` +
      `sent by each client in turn: ${c.warmup} warm-up requests each, then ${c.rounds} rounds alternating between the clients ` +
      `(${c.clients.join(', ')}, ${c.clients[0]}, …). The latency of every request is a sample.`,
    '',
    `### One request at a time (${c.rounds} × ${c.sequentialPerRound} requests per client)`,
    '',
    seq.table,
    '',
    `### ${c.concurrency} requests in flight (${c.rounds} × ${c.concurrentPerRound} requests per client)`,
    '',
    conc.table,
  ].join('\n');
  sections.push(text);
  log(text);
  for (const [mode, ratios] of [['one at a time', seq], [`${c.concurrency} in flight`, conc]] as const) {
    targets.push({ what: `SDK typed call / bare axios median latency, ${mode} ≤ 1.10`, measured: ratio(ratios.sdkOverAxios), met: ratios.sdkOverAxios <= 1.1 });
    targets.push({ what: `SDK request() as text / bare axios, ${mode} ≤ 1.10 (transport alone)`, measured: ratio(ratios.transportOverAxios), met: ratios.transportOverAxios <= 1.1 });
    targets.push({
      what: `SDK typed call / axios + xml2js parse, ${mode} ≤ 1.10 (the same work)`,
      measured: ratio(ratios.sdkOverAxiosXml2js),
      met: ratios.sdkOverAxiosXml2js <= 1.1,
    });
  }
}

// --- 2. codec ---

async function codecSection(): Promise<void> {
  const c = config.codec;
  log('\n== 2. Batch codec');
  const input: CodecInput = { ...c };
  const result = await runWorker<CodecResult>('codec', input, { profile: profiled.includes('codec') });
  const rows: string[][] = [];
  for (const [name, samples] of Object.entries(result.operations)) {
    const sdk = median(samples.sdk);
    const base = median(samples.xml2js);
    const speedUp = base / sdk;
    rows.push([
      name,
      `${fmt((result.sizes[name] ?? 0) / 1024, 1)} KiB`,
      fmt(sdk),
      fmt(percentile(samples.sdk, 99)),
      fmt(base),
      fmt(percentile(samples.xml2js, 99)),
      `${fmt(samples.sdk.length)} + ${fmt(samples.xml2js.length)}`,
      ratio(speedUp),
    ]);
    targets.push({ what: `Codec: ${name}, SDK at least 3× faster than xml2js`, measured: ratio(speedUp), met: speedUp >= 3 });
  }
  const text = [
    '## 2. Batch codec',
    '',
    `µs per ${c.batchSize}-item batch, in one process without I/O; ${c.warmup} warm-up runs, then ${c.rounds} alternating rounds of ${c.perRound} runs per side. ` +
      'SDK: `buildXml` with the List Item wire mapping, and `parseXml(text, { strict: true })` (as responses are decoded) followed by `elements` / `childText` / `integerOf`, ' +
      `as src/services/list-items.ts reads the answer. xml2js 0.6 (the old official SDK's parser, default options) builds the same document and reads the same values. ` +
      `The batch result lists ${c.listedErrors} errors.`,
    '',
    markdownTable([['Operation', 'document', 'SDK median µs', 'SDK p99 µs', 'xml2js median µs', 'xml2js p99 µs', 'samples (SDK + xml2js)', 'SDK speed-up'], ...rows]),
  ].join('\n');
  sections.push(text);
  log(text);
}

// --- 3 and 4. bulk ---

async function bulkRun(mode: BulkInput['mode'], items: number, serverArgs: string[], profile: boolean): Promise<BulkResult & { served503: number }> {
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
function spread(values: readonly number[], decimals = 0): string {
  if (values.length === 1) return fmt(values[0] ?? Number.NaN, decimals);
  return `${fmt(median(values), decimals)} (${fmt(Math.min(...values), decimals)}–${fmt(Math.max(...values), decimals)})`;
}

async function bulkSection(): Promise<void> {
  const { sizes, chunkSize, reps } = config.bulk;
  log(`\n== 3. Bulk create (${reps} run(s) of each client at each size, alternating)`);
  const rows: string[][] = [];
  const peaks: number[] = [];
  for (const size of sizes) {
    const sdk: BulkResult[] = [];
    const bare: BulkResult[] = [];
    for (let rep = 0; rep < reps; rep += 1) {
      sdk.push(await bulkRun('sdk', size, [], profiled.includes('bulk') && rep === 0));
      bare.push(await bulkRun('axios', size, [], false));
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

async function faultsSection(): Promise<void> {
  const { items, faultRate, seed, retryDelayMs, reps } = config.faults;
  log(`\n== 4. Under faults (${reps} run(s) of each, alternating)`);
  const clean: Array<BulkResult & { served503: number }> = [];
  const faulty: Array<BulkResult & { served503: number }> = [];
  for (let rep = 0; rep < reps; rep += 1) {
    clean.push(await bulkRun('sdk', items, [], false));
    faulty.push(await bulkRun('sdk', items, [`--fault-rate=${faultRate}`, `--seed=${seed}`], profiled.includes('faults') && rep === 0));
  }
  const baseRate = median(clean.map((run) => run.itemsPerSecond));
  const row = (label: string, runs: Array<BulkResult & { served503: number }>): string[] => [
    label,
    spread(runs.map((run) => run.itemsPerSecond)),
    fmt(median(runs.map((run) => run.wallMs)) / 1000, 2),
    fmt(median(runs.map((run) => run.requests))),
    fmt(median(runs.map((run) => run.served503))),
    fmt(median(runs.map((run) => run.retries))),
    fmt(median(runs.map((run) => run.waitedMs))),
    `${spread(runs.map((run) => (100 * run.waitedMs) / run.wallMs), 1)} %`,
    ratio(median(runs.map((run) => run.itemsPerSecond)) / baseRate),
  ];
  const text = [
    '## 4. Under faults',
    '',
    `The bulk run with ${fmt(items)} items, against a server that answers ${fmt(faultRate * 100)} % of batch requests (seeded, seed ${seed}, so the same requests every run) ` +
      `with HTTP 503 and Concur's error body, no Retry-After. The client is configured with \`retry: { delayMs: ${retryDelayMs} }\` and an injected \`sleep\` ` +
      'that really waits (a timer) and times each wait. Baseline: the same run against a server without faults. ' +
      `${reps} run(s) of each, alternating: figures are the median, with the range in brackets.`,
    '',
    markdownTable([
      ['Run', 'items/s', 'wall s', 'batch requests', '503 answered', 'retries', 'waiting ms', 'share of wall time waiting', 'items/s vs baseline'],
      row('no faults (baseline)', clean),
      row(`${fmt(faultRate * 100)} % of batches answered 503`, faulty),
    ]),
  ].join('\n');
  sections.push(text);
  log(text);
}

// --- report ---

function keptProfiling(): string {
  if (!existsSync(outFile)) return '';
  const previous = readFileSync(outFile, 'utf8');
  const at = previous.search(/^## Profiling\b/m);
  return at === -1 ? '' : previous.slice(at).trimEnd();
}

function printProfiles(): void {
  if (profiled.length === 0 || !existsSync(PROFILE_DIR)) return;
  const { files, totalMs, hot } = summariseProfiles(PROFILE_DIR);
  log(`\n== CPU profile: ${files.length} file(s) in ${relative(root, PROFILE_DIR)}, ${fmt(totalMs)} ms sampled; top functions by self time`);
  log(
    markdownTable([
      ['self ms', 'share', 'function', 'module'],
      ...hot.slice(0, 30).map((entry) => [fmt(entry.selfMs, 1), `${fmt(entry.share * 100, 1)} %`, entry.name, entry.where]),
    ]),
  );
}

async function main(): Promise<void> {
  const machine = describeMachine();
  const command = process.env.BENCH_COMMAND ?? 'node bench/run.mjs';
  const started = new Date();
  log(`concur-sdk bench: ${only.join(', ')}${quick ? ' (quick)' : ''}; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  if (profiled.length > 0) {
    rmSync(PROFILE_DIR, { recursive: true, force: true });
    mkdirSync(PROFILE_DIR, { recursive: true });
  }
  const t0 = performance.now();
  if (only.includes('latency')) await latencySection();
  if (only.includes('codec')) await codecSection();
  if (only.includes('bulk')) await bulkSection();
  if (only.includes('faults')) await faultsSection();
  const minutes = (performance.now() - t0) / 60_000;

  const targetTable = markdownTable([
    ['Target', 'Measured', 'Met'],
    ...targets.map((target) => [target.what, target.measured, target.met ? 'yes' : '**no**']),
  ]);
  log(`\n== Targets\n${targetTable}`);
  printProfiles();

  const report = [
    '# concur-sdk benchmark results',
    '',
    `Written by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (quick sizes: a smoke run, not the reference figures)' : ''}` +
      '; ' +
      `the run took ${fmt(minutes, 1)} min. Every figure is measured in the same run as its baseline. ` +
      'The file is rewritten by each run; only the "Profiling" section at the end is kept. How to read it: bench/README.md.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}`,
    `- Cores: ${machine.cores}`,
    `- Memory: ${machine.memory}`,
    `- Node: ${machine.node}`,
    `- OS: ${machine.os}`,
    '',
    '## Targets',
    '',
    targetTable,
    '',
    ...sections.flatMap((section) => [section, '']),
    keptProfiling(),
  ]
    .join('\n')
    .trimEnd();
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${report}\n`);
  log(`\nWrote ${relative(process.cwd(), outFile) || outFile}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
