import type { ClientName, LatencyInput, LatencyResult, ModeResult } from '../latency.js';
import { runWorker, startServer } from '../lib/procs.js';
import { fmt, markdownTable, median, percentile, ratio } from '../lib/stats.js';
import type { SectionContext } from './context.js';

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

export async function latencySection({ config, profiled, log, targets, sections }: SectionContext): Promise<void> {
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
