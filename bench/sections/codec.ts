import type { CodecInput, CodecResult } from '../codec.js';
import { runWorker } from '../lib/procs.js';
import { fmt, markdownTable, median, percentile, ratio } from '../lib/stats.js';
import type { SectionContext } from './context.js';

// --- 2. codec ---

export async function codecSection({ config, profiled, log, targets, sections }: SectionContext): Promise<void> {
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
