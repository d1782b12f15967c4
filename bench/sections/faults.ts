import type { BulkResult } from '../bulk.js';
import { fmt, markdownTable, median, ratio } from '../lib/stats.js';
import { bulkRun, spread } from './bulk.js';
import type { SectionContext } from './context.js';

// --- 4. under faults ---

export async function faultsSection(context: SectionContext): Promise<void> {
  const { config, profiled, log, sections, targets } = context;
  const { items, faultRate, seed, retryDelayMs, reps } = config.faults;
  log(`\n== 4. Under faults (${reps} run(s) of each, alternating)`);
  const clean: Array<BulkResult & { served503: number }> = [];
  const faulty: Array<BulkResult & { served503: number }> = [];
  for (let rep = 0; rep < reps; rep += 1) {
    clean.push(await bulkRun(context, 'sdk', items, [], false));
    faulty.push(await bulkRun(context, 'sdk', items, [`--fault-rate=${faultRate}`, `--seed=${seed}`], profiled.includes('faults') && rep === 0));
  }
  // Each faulted run against the fault-free run just before it: on a shared machine, load that
  // comes and goes over seconds falls on both runs of a pair alike.
  const pairs = faulty.map((run, index) => run.itemsPerSecond / (clean[index]?.itemsPerSecond ?? Number.NaN));
  const faultyRatio = median(pairs);
  targets.push({
    what: `Throughput under ${fmt(faultRate * 100)} % 503s (retry delay ${retryDelayMs} ms) / fault-free ≥ 0.80`,
    measured: `${ratio(faultyRatio)} (median of ${pairs.length} pairs, ${ratio(Math.min(...pairs))}–${ratio(Math.max(...pairs))})`,
    met: faultyRatio >= 0.8,
  });
  const row = (label: string, runs: Array<BulkResult & { served503: number }>): string[] => [
    label,
    spread(runs.map((run) => run.itemsPerSecond)),
    fmt(median(runs.map((run) => run.wallMs)) / 1000, 2),
    fmt(median(runs.map((run) => run.requests))),
    fmt(median(runs.map((run) => run.served503))),
    fmt(median(runs.map((run) => run.retries))),
    fmt(median(runs.map((run) => run.waitedMs))),
    `${spread(runs.map((run) => (100 * run.waitedMs) / run.wallMs), 1)} %`,
    runs === faulty ? `${ratio(faultyRatio)} (pairs ${ratio(Math.min(...pairs))}–${ratio(Math.max(...pairs))})` : ratio(1),
  ];
  const text = [
    '## 4. Under faults',
    '',
    `The bulk run with ${fmt(items)} items, against a server that answers ${fmt(faultRate * 100)} % of batch requests (seeded, seed ${seed}, so the same requests every run) ` +
      `with HTTP 503 and Concur's error body, no Retry-After. The client is configured with \`retry: { delayMs: ${retryDelayMs} }\` and an injected \`sleep\` ` +
      'that really waits (a timer) and times each wait. Baseline: the same run against a server without faults. ' +
      `${reps} run(s) of each, alternating (fault-free, then faulted): figures are the median, with the range in brackets; ` +
      'the last column is the median of each faulted run against the fault-free run just before it. ' +
      `Target: at least 0.80. With one request in flight each 503 holds the run for the ${retryDelayMs} ms wait plus one more request.`,
    '',
    markdownTable([
      ['Run', 'items/s', 'wall s', 'batch requests', '503 answered', 'retries', 'waiting ms', 'share of wall time waiting', 'items/s vs the fault-free run before it'],
      row('no faults (baseline)', clean),
      row(`${fmt(faultRate * 100)} % of batches answered 503`, faulty),
    ]),
  ].join('\n');
  sections.push(text);
  log(text);
}
