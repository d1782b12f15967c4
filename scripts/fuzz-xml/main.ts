import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildWithFxp, buildXml, buildXmlDocument, type XmlBuildValue } from '../../src/xml/builder.js';
import { MALFORMED, readXmlSubset } from '../../src/xml/fast-reader.js';
import { writeXmlTree } from '../../src/xml/fast-writer.js';
import { parseWithFxp } from '../../src/xml/fxp-parser.js';
import { parseXml } from '../../src/xml/parser.js';
import { decodeReferences, decodeXmlReferences } from '../../src/xml/references.js';
import { outcome, sameOutcome, sameTree, show, type Outcome } from './compare.js';
import { generateDocument } from './documents.js';
import { oracleDecode } from './oracle.js';
import { rngFor } from './random.js';
import { generateTree, type GeneratedTree } from './trees.js';

/**
 * `npm run fuzz:xml`: the differential test of the SDK's own XML reader and writer against
 * fast-xml-parser with the SDK's options, and of the reference decoder both share against a
 * reading of XML 1.0's grammar (oracle.ts). Every case is generated from (seed, index), so
 * `--seed N --start I --count 1` replays one case. Exits non-zero on any mismatch.
 */

interface Options {
  seed: number;
  count: number;
  start: number;
  only: 'parse' | 'build' | 'both';
  jobs: number;
}

function readOptions(argv: readonly string[]): Options {
  const options: Options = { seed: 1, count: 1_000_000, start: 0, only: 'both', jobs: availableParallelism() };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = (argv[i] as string).split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[(i += 1)];
    const number = Number(value);
    if (flag === '--only' && (value === 'parse' || value === 'build')) options.only = value;
    else if ((flag === '--seed' || flag === '--count' || flag === '--start') && Number.isSafeInteger(number) && number >= 0) options[flag.slice(2) as 'seed' | 'count' | 'start'] = number;
    else if (flag === '--jobs' && Number.isSafeInteger(number) && number >= 1) options.jobs = number;
    else throw new Error(`Unknown or invalid option ${flag} ${value ?? ''}: use --seed N --count M --start I --only parse|build --jobs J`);
  }
  return options;
}

const mismatches: string[] = [];

function add(counts: Record<string, number>, name: string): void {
  counts[name] = (counts[name] ?? 0) + 1;
}

function mismatch(what: string, seed: number, index: number, detail: string): void {
  if (mismatches.length < 20) mismatches.push(`${what} (replay: --seed ${seed} --start ${index} --count 1 --only ${what.startsWith('parse') ? 'parse' : 'build'})\n${detail}`);
  else mismatches.push(what);
}

const NUMERIC_REFERENCE = /&#(?:x[0-9a-fA-F]+|[0-9]+);/;

function parseCase(seed: number, index: number, counts: Record<string, number>, references: Record<string, number>): void {
  const { kind, text } = generateDocument(rngFor(seed, index));
  add(counts, `(generated ${kind})`);
  referenceCase(seed, index, text, references);
  const fast = readXmlSubset(text);
  const strict = outcome(() => parseWithFxp(text, true));
  // Strict parsing is the validator and then the same parse, so a strict tree is the loose one.
  const loose = strict.ok ? strict : outcome(() => parseWithFxp(text, false));
  const detail = () => `document: ${show(text, 1200)}\nreader: ${show(fast)}\nfast-xml-parser strict: ${show(strict)}\nloose: ${show(loose)}`;
  if (typeof fast === 'object') {
    if (strict.ok && sameTree(fast, strict.value)) {
      add(counts, 'same tree');
      if (NUMERIC_REFERENCE.test(text)) add(counts, '(same tree, of which with numeric references)');
    }
    else mismatch('parse: the reader read a document differently', seed, index, detail());
  } else if (fast === MALFORMED) {
    if (!strict.ok) add(counts, 'both refused');
    else mismatch('parse: the reader called malformed a document fast-xml-parser accepts', seed, index, detail());
  } else add(counts, strict.ok ? 'fell back, fast-xml-parser read it' : 'fell back, fast-xml-parser refused it');
  // End to end, parseXml against the reference path alone, in both modes (same tree or same message).
  for (const [mode, reference] of [['strict', strict], ['loose', loose]] as const) {
    const actual = outcome(() => parseXml(text, { strict: mode === 'strict' }));
    if (!sameOutcome(actual, reference)) mismatch(`parse: parseXml (${mode}) differs from fast-xml-parser`, seed, index, `${detail()}\nparseXml: ${show(actual)}`);
  }
}

/**
 * Both parsing paths call one decoder, so the comparison above cannot catch a wrong reading of a
 * reference: the whole generated text (markup and all, every `&` in it) also goes through the
 * decoder and the regex oracle written from XML 1.0's grammar.
 */
function referenceCase(seed: number, index: number, text: string, counts: Record<string, number>): void {
  const expected = oracleDecode(text);
  const tolerant = decodeXmlReferences(text);
  const reader = decodeReferences(text);
  const detail = () => `text: ${show(text, 1200)}\noracle: ${show(expected)}\ndecoder: ${show(tolerant)}\nreader: ${show(reader)}`;
  if (tolerant !== expected) mismatch('parse: the decoder read references otherwise than the oracle', seed, index, detail());
  else if (reader !== undefined && reader !== expected) mismatch("parse: the reader's decoding differs from the oracle", seed, index, detail());
  else add(counts, reader === undefined ? 'same as the oracle (the reader would decline)' : 'same as the oracle');
}

function buildCase(seed: number, index: number, counts: Record<string, number>): void {
  const generated: GeneratedTree = generateTree(rngFor(seed, index));
  const tree = generated.tree as Record<string, XmlBuildValue>;
  const whole: Record<string, XmlBuildValue> =
    generated.root === undefined
      ? tree
      : { [generated.root]: generated.namespace === undefined ? { ...tree } : { '@_xmlns': generated.namespace, ...tree } };
  const reference: Outcome<string> = outcome(() => buildWithFxp(whole));
  const fast = outcome(() => writeXmlTree(whole));
  const detail = () => `tree: ${show(generated, 1200)}\nwriter: ${show(fast)}\nfast-xml-parser: ${show(reference)}`;
  if (!fast.ok) mismatch('build: the writer threw', seed, index, detail());
  else if (fast.value === undefined) add(counts, reference.ok ? 'fell back, fast-xml-parser wrote it' : 'fell back, fast-xml-parser refused it');
  else if (reference.ok && fast.value === reference.value) add(counts, 'same string');
  else mismatch('build: the writer wrote a different document', seed, index, detail());
  // End to end, the public functions against the reference path (same string or same error).
  const declared: Outcome<string> = reference.ok ? { ok: true, value: `<?xml version="1.0" encoding="utf-8"?>${reference.value}` } : reference;
  const actual =
    generated.root === undefined
      ? outcome(() => buildXmlDocument(tree))
      : outcome(() => buildXml(generated.root as string, tree, generated.namespace === undefined ? {} : { namespace: generated.namespace }));
  if (!sameOutcome(actual, declared)) mismatch('build: buildXml differs from fast-xml-parser', seed, index, `${detail()}\npublic: ${show(actual)}`);
}

const PROGRESS_EVERY = 10_000;

interface Slice {
  options: Options;
  /** This worker runs the cases whose index is `offset` modulo `options.jobs`. */
  offset: number;
}

interface SliceResult {
  parse: Record<string, number>;
  references: Record<string, number>;
  build: Record<string, number>;
  mismatches: string[];
}

function runSlice({ options, offset }: Slice): SliceResult {
  // Errors are compared by name and message; their stack traces would only cost time.
  Error.stackTraceLimit = 0;
  const parse: Record<string, number> = { 'same tree': 0, 'both refused': 0, 'fell back, fast-xml-parser read it': 0, 'fell back, fast-xml-parser refused it': 0 };
  const build: Record<string, number> = { 'same string': 0, 'fell back, fast-xml-parser wrote it': 0, 'fell back, fast-xml-parser refused it': 0 };
  const references: Record<string, number> = { 'same as the oracle': 0, 'same as the oracle (the reader would decline)': 0 };
  const end = options.start + options.count;
  let done = 0;
  for (let index = options.start + offset; index < end; index += options.jobs) {
    if (options.only !== 'build') parseCase(options.seed, index, parse, references);
    if (options.only !== 'parse') buildCase(options.seed, index, build);
    if ((done += 1) % PROGRESS_EVERY === 0) parentPort?.postMessage({ done: PROGRESS_EVERY });
  }
  return { parse, references, build, mismatches };
}

function merge(into: Record<string, number>, from: Record<string, number>): void {
  for (const [name, count] of Object.entries(from)) into[name] = (into[name] ?? 0) + count;
}

async function run(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const jobs = Math.min(options.jobs, Math.max(1, options.count));
  let progress = 0;
  // One worker thread per core; each case depends only on (seed, index), so the split changes nothing.
  const results = await Promise.all(
    Array.from({ length: jobs }, (_, offset) => new Promise<SliceResult>((resolve, reject) => {
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { options: { ...options, jobs }, offset } satisfies Slice });
      worker.on('message', (message: SliceResult | { done: number }) => {
        if (!('done' in message)) return resolve(message);
        const before = Math.floor((progress * 10) / options.count);
        progress += message.done;
        if (Math.floor((progress * 10) / options.count) > before) process.stderr.write(`  ${progress.toLocaleString('en-US')} cases checked\n`);
      });
      worker.once('error', reject);
    })),
  );
  const total: SliceResult = { parse: {}, references: {}, build: {}, mismatches: [] };
  for (const result of results) {
    merge(total.parse, result.parse);
    merge(total.references, result.references);
    merge(total.build, result.build);
    total.mismatches.push(...result.mismatches);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const format = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([name, count]) => `  ${name}: ${count.toLocaleString('en-US')}`)
      .join('\n');
  const end = options.start + options.count;
  console.log(`fuzz:xml seed ${options.seed}, cases ${options.start} to ${end - 1}, ${jobs} worker(s), ${seconds.toFixed(1)} s`);
  if (options.only !== 'build') {
    console.log(`XML documents, the reader against fast-xml-parser (${options.count.toLocaleString('en-US')}):\n${format(total.parse)}`);
    console.log(`the same documents' text, the reference decoder against the XML 1.0 oracle:\n${format(total.references)}`);
  }
  if (options.only !== 'parse') console.log(`request trees, the writer against fast-xml-parser's builder (${options.count.toLocaleString('en-US')}):\n${format(total.build)}`);
  console.log(`MISMATCHES: ${total.mismatches.length}`);
  for (const report of total.mismatches.slice(0, 20)) console.log(`\n${report}`);
  process.exitCode = total.mismatches.length === 0 ? 0 : 1;
}

if (isMainThread) await run();
else parentPort?.postMessage(runSlice(workerData as Slice));
