import type { DownloadInput, DownloadResult } from '../download.js';
import { runWorker, startServer } from '../lib/procs.js';
import { fmt, markdownTable, median, ratio } from '../lib/stats.js';
import { spread } from './bulk.js';
import type { SectionContext } from './context.js';

// --- 5. a large download ---

/** The peak RSS the issue allows the SDK's download. */
const RSS_LIMIT_MB = 100;

async function downloadRun({ config, log, gcTraced }: Pick<SectionContext, 'config' | 'log' | 'gcTraced'>, mode: DownloadInput['mode'], profile: boolean): Promise<DownloadResult> {
  const { bytes } = config.download;
  const server = await startServer([`--download-bytes=${bytes}`]);
  try {
    const result = await runWorker<DownloadResult>('download', { url: server.url, mode, bytes } satisfies DownloadInput, {
      profile,
      nodeOptions: gcTraced.includes('download') ? ['--trace-gc'] : [],
    });
    const stats = await server.stats();
    if (stats.bytesServed !== bytes) throw new Error(`the server sent ${stats.bytesServed} bytes, expected ${bytes}`);
    log(`   ${mode}: ${fmt(result.mibPerSecond)} MiB/s, peak RSS ${fmt(result.peakRssMb, 1)} MB, ${fmt(result.wallMs / 1000, 2)} s`);
    return result;
  } finally {
    await server.stop();
  }
}

export async function downloadSection(context: SectionContext): Promise<void> {
  const { config, profiled, log, targets, sections } = context;
  const { bytes, reps } = config.download;
  log(`\n== 5. Large download (${fmt(bytes)} bytes, ${reps} run(s) of each, alternating)`);
  const sdk: DownloadResult[] = [];
  const bare: DownloadResult[] = [];
  for (let rep = 0; rep < reps; rep += 1) {
    sdk.push(await downloadRun(context, 'sdk', profiled.includes('download') && rep === 0));
    bare.push(await downloadRun(context, 'http', false));
  }
  const sdkPeak = median(sdk.map((run) => run.peakRssMb));
  const speed = median(sdk.map((run) => run.mibPerSecond)) / median(bare.map((run) => run.mibPerSecond));
  const mib = bytes / 1024 / 1024;
  const size = mib >= 1024 && mib % 1024 === 0 ? `${fmt(mib / 1024)} GiB` : `${fmt(mib)} MiB`;
  targets.push({ what: `Download of ${size}: SDK peak RSS ≤ ${RSS_LIMIT_MB} MB`, measured: `${spread(sdk.map((run) => run.peakRssMb), 1)} MB`, met: sdkPeak <= RSS_LIMIT_MB });
  targets.push({ what: `Download of ${size}: SDK throughput / node:http piping to a file (reported, no target)`, measured: ratio(speed), met: undefined });
  const row = (label: string, runs: DownloadResult[]): string[] => [
    label,
    spread(runs.map((run) => run.mibPerSecond)),
    fmt(median(runs.map((run) => run.wallMs)) / 1000, 2),
    spread(runs.map((run) => run.peakRssMb), 1),
    fmt(median(runs.map((run) => run.startRssMb)), 1),
    ratio(median(runs.map((run) => run.mibPerSecond)) / median(bare.map((run) => run.mibPerSecond))),
  ];
  const text = [
    '## 5. Large download',
    '',
    `A payment batch file of ${size} (${fmt(bytes)} bytes of CSV, generated on the fly by the bench server in its own process, fresh for each run, and written as fast as the client reads it) ` +
      'at `GET /api/expense/paymentbatch/v1.1/batch/{key}/file`. ' +
      'SDK: `concur.paymentBatches.downloadFile(key, { to: path, onProgress })`, which streams to a temporary file beside `path` and renames it when complete. ' +
      'Baseline: node:http GETs the same file and pipes the response to a file with `stream.pipeline`. ' +
      "Every run is its own process, writing into a new temporary directory that is removed afterwards, so the peak RSS (`process.resourceUsage().maxRSS`) is that run's alone; " +
      `each run checks the file's size and its first and last bytes. ${reps} run(s) of each, alternating: figures are the median, with the range in brackets.`,
    '',
    markdownTable([
      ['Client', 'MiB/s', 'wall s', 'peak RSS MB', 'RSS at start MB', 'MiB/s vs node:http'],
      row('SDK `paymentBatches.downloadFile(key, { to, onProgress })`', sdk),
      row('node:http, response piped to a file (baseline)', bare),
    ]),
  ].join('\n');
  sections.push(text);
  log(text);
}
