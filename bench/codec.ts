import { Builder, Parser } from 'xml2js';
import type { ChunkReport } from '../src/batch/reconcile.js';
import type { ListItem } from '../src/index.js';
import { listItemToWire, readListItem, readListItemBatchReport } from '../src/services/list-items-codec.js';
import { buildXml } from '../src/xml/builder.js';
import { readXmlSubset } from '../src/xml/fast-reader.js';
import { writeXmlTree } from '../src/xml/fast-writer.js';
import { elements } from '../src/xml/nodes.js';
import { parseXml } from '../src/xml/parser.js';
import { batchResultDocument, listItemsDocument, listItemToPlainWire, LIST_NAMESPACE, makeItems } from './lib/fixtures.js';
import { runAsWorker, workerInput } from './lib/procs.js';
import { nowNs } from './lib/stats.js';

/**
 * Section 2, the batch codec, in one process with no I/O: the SDK's own builder and parser (as
 * the List Item service uses them) against xml2js 0.6, the parser of the old official Concur SDK.
 * Each operation starts from the same input and ends with the same data read out.
 */

export interface CodecInput {
  batchSize: number;
  listedErrors: number;
  warmup: number;
  rounds: number;
  perRound: number;
}

/** µs per batch, every sample. */
export interface CodecResult {
  sizes: Record<string, number>;
  operations: Record<string, { sdk: number[]; xml2js: number[] }>;
}

type BatchReport = ChunkReport;

// --- the SDK's codec: the very functions src/services/list-items.ts calls ---

function sdkBuild(items: ReturnType<typeof makeItems>): string {
  return buildXml('list-item-batch', { 'list-item': items.map(listItemToWire) }, { namespace: LIST_NAMESPACE });
}

/** decodeResponse parses 2xx XML bodies strictly; the service then reads the result. */
function sdkReadBatchResult(text: string): BatchReport {
  const tree = parseXml(text, { strict: true });
  return readListItemBatchReport(elements(tree, 'list-item-batch-result')[0] ?? {});
}

/** As ListItemsService.getItems reads a GET items response. */
function sdkReadItems(text: string): ListItem[] {
  const tree = parseXml(text, { strict: true });
  return elements(elements(tree, 'list-items')[0], 'list-item').map(readListItem);
}

// --- the same with xml2js, written as an integrator of the old SDK would ---

type Xml2jsNode = { [name: string]: Xml2jsNode[] | string | undefined } & { _?: string };

function xml2jsParse(text: string): Record<string, Xml2jsNode> {
  let result: unknown;
  new Parser().parseString(text, (error, value) => {
    if (error) throw error;
    result = value;
  });
  if (result === undefined) throw new Error('xml2js did not parse synchronously');
  return result as Record<string, Xml2jsNode>;
}

function first(node: Xml2jsNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  if (!Array.isArray(value)) return undefined;
  const head = value[0];
  return typeof head === 'string' ? head : head?._;
}

function xml2jsBuild(items: ReturnType<typeof makeItems>): string {
  const builder = new Builder({ renderOpts: { pretty: false }, xmldec: { version: '1.0', encoding: 'utf-8' } });
  return builder.buildObject({ 'list-item-batch': { $: { xmlns: LIST_NAMESPACE }, 'list-item': items.map(listItemToPlainWire) } });
}

function xml2jsReadBatchResult(text: string): BatchReport {
  const root = xml2jsParse(text)['list-item-batch-result'];
  const errorNodes = ((root?.['errors'] as Xml2jsNode[] | undefined)?.[0]?.['error'] as Xml2jsNode[] | undefined) ?? [];
  const count = (name: string): number | undefined => {
    const text = first(root, name);
    return text === undefined ? undefined : Number.parseInt(text, 10);
  };
  return {
    recordsSucceeded: count('records-succeeded'),
    recordsFailed: count('records-failed'),
    errors: errorNodes.map((node) => ({ key: first(node, 'list-item-code'), code: first(node, 'code'), message: first(node, 'message') })),
  };
}

function xml2jsReadItems(text: string): ListItem[] {
  const root = xml2jsParse(text)['list-items'];
  const nodes = (root?.['list-item'] as Xml2jsNode[] | undefined) ?? [];
  return nodes.map((node) => {
    const item = { name: first(node, 'name') ?? '' } as ListItem & Record<string, string>;
    for (let level = 1; level <= 10; level += 1) {
      const code = first(node, `level${level}code`);
      if (code !== undefined) item[`level${level}Code`] = code;
    }
    const itemsLink = first(node, 'items-link');
    if (itemsLink !== undefined) item.itemsLink = itemsLink;
    return item;
  });
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`codec check failed: ${what}`);
}

function time(operation: () => unknown): number {
  const t0 = nowNs();
  operation();
  return (nowNs() - t0) / 1_000;
}

async function main(): Promise<CodecResult> {
  const input = workerInput<CodecInput>();
  const items = makeItems(input.batchSize);
  const failedCodes = items.slice(0, input.listedErrors).map((item) => item.level2Code ?? item.level1Code);
  const resultText = batchResultDocument(input.batchSize, failedCodes);
  const itemsText = listItemsDocument(input.batchSize);

  // Both sides must produce the same thing before either is timed.
  const built = { sdk: sdkBuild(items), xml2js: xml2jsBuild(items) };
  for (const text of Object.values(built)) check(text.split('<list-item>').length - 1 === input.batchSize, 'built batch holds every item');
  check(JSON.stringify(sdkReadItems(built.sdk.replaceAll('list-item-batch', 'list-items'))) === JSON.stringify(sdkReadItems(built.xml2js.replaceAll('list-item-batch', 'list-items'))), 'both builders write the same items');
  check(JSON.stringify(sdkReadBatchResult(resultText)) === JSON.stringify(xml2jsReadBatchResult(resultText)), 'both read the same batch result');
  check(sdkReadBatchResult(resultText).errors.length === input.listedErrors, 'every listed error read');
  check(JSON.stringify(sdkReadItems(itemsText)) === JSON.stringify(xml2jsReadItems(itemsText)), 'both read the same items');
  check(sdkReadItems(itemsText).length === input.batchSize, 'every item read');
  // The SDK's own reader and writer handle these documents; fast-xml-parser is only their fallback.
  check(typeof readXmlSubset(itemsText) === 'object' && typeof readXmlSubset(resultText) === 'object', 'the SDK reader reads both answers itself');
  check(writeXmlTree({ 'list-item-batch': { 'list-item': items.map(listItemToWire) } }) !== undefined, 'the SDK writer writes the batch itself');

  const operations: Record<string, { sdk: () => unknown; xml2js: () => unknown }> = {
    'build list-item-batch': { sdk: () => sdkBuild(items), xml2js: () => xml2jsBuild(items) },
    'parse list-item-batch-result': { sdk: () => sdkReadBatchResult(resultText), xml2js: () => xml2jsReadBatchResult(resultText) },
    'parse list-items (GET items)': { sdk: () => sdkReadItems(itemsText), xml2js: () => xml2jsReadItems(itemsText) },
  };
  const result: CodecResult = {
    sizes: { 'build list-item-batch': built.sdk.length, 'parse list-item-batch-result': resultText.length, 'parse list-items (GET items)': itemsText.length },
    operations: {},
  };
  for (const [name, pair] of Object.entries(operations)) {
    for (let i = 0; i < input.warmup; i += 1) {
      pair.sdk();
      pair.xml2js();
    }
    const samples = { sdk: [] as number[], xml2js: [] as number[] };
    // Alternating rounds, as for the HTTP clients: GC and drift fall on both sides.
    for (let round = 0; round < input.rounds; round += 1) {
      for (let i = 0; i < input.perRound; i += 1) samples.sdk.push(time(pair.sdk));
      for (let i = 0; i < input.perRound; i += 1) samples.xml2js.push(time(pair.xml2js));
    }
    result.operations[name] = samples;
  }
  return result;
}

runAsWorker(main);
