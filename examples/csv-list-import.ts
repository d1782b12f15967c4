// Imports a CSV file of cost centers into a two-level Concur list (regions, then the cost centers
// of each region), showing a progress line, and writes every row that did not go in to a failure
// report (CSV) to fix and import again. Items already in the list (Concur's code 2004) are
// counted, not reported, so the same file can be imported again safely.
//
//   npm run example:csv-list-import -- [FILE] [--list NAME] [--report FILE] [--chunk-size N]
//
// FILE defaults to examples/data/cost-centers.csv, with the columns region_code, region_name,
// cost_center_code, cost_center_name; rows of a region need not be together. --list defaults to
// "Cost Centers", --report to csv-import-failures.csv. Without CONCUR_BASE_URL it runs against the
// bundled simulator, with a "Cost Centers" list that an earlier run partly filled, and one
// maintenance window. Exit code: 0 when the import ran to its end (refused rows are in the
// report), 1 when it could not run.
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConcurError, type BatchItemResult, type ListItemInput } from 'concur-sdk';
import { connect } from './lib/connect.js';
import { csvLine, readCsv } from './lib/csv.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    list: { type: 'string', default: 'Cost Centers' },
    report: { type: 'string', default: 'csv-import-failures.csv' },
    'chunk-size': { type: 'string', default: '1000' },
  },
});
const file = positionals[0] ?? 'examples/data/cost-centers.csv';
const chunkSize = Number(values['chunk-size']);

const { concur, close } = await connect({
  appInfo: { name: 'CsvListImport', version: '1.0.0' },
  prepare: (sim) => {
    const list = sim.state.lists.create({ name: 'Cost Centers', levels: 2 });
    list.addItem({ codes: ['NA'], name: 'North America' });
    list.addItem({ codes: ['NA', 'NA1100'], name: 'Sales, Chicago' });
    sim.faults.maintenance({ method: 'POST', path: '/api/expense/list/v1.0/*/batch', count: 1 });
  },
});

/** A reason the import cannot run that is not Concur's (Concur's are ConcurErrors). */
class ImportError extends Error {}

// The CSV line each item came from, by the item's index in the input (a region: its first row);
// an entry is dropped once its chunk is reported.
const sourceLines = new Map<number, number>();
let nextIndex = 0;

/** Reads the file and yields a region before the first of its cost centers. */
async function* itemsFromCsv(path: string): AsyncGenerator<ListItemInput> {
  const regions = new Set<string>();
  for await (const { line, fields } of readCsv(path)) {
    const region = fields['region_code'] ?? '';
    if (!regions.has(region)) {
      regions.add(region);
      sourceLines.set(nextIndex++, line);
      yield { level1Code: region, name: fields['region_name'] ?? '' };
    }
    sourceLines.set(nextIndex++, line);
    yield { level1Code: region, level2Code: fields['cost_center_code'] ?? '', name: fields['cost_center_name'] ?? '' };
  }
}

let report: WriteStream | undefined; // opened once the list is found
const started = Date.now();
let alreadyThere = 0;
let refused = 0;

/** Writes the rows that did not go in to the report; 2004 (already in the list) is not a failure here. */
function record(items: Array<BatchItemResult<ListItemInput>>): void {
  for (const item of items) {
    const line = sourceLines.get(item.index);
    sourceLines.delete(item.index);
    if (item.status === 'succeeded') continue;
    if (item.code === '2004') {
      alreadyThere += 1;
      continue;
    }
    refused += 1;
    const { level1Code, level2Code, name } = item.input;
    report?.write(csvLine([line, level1Code, level2Code, name, item.status, item.code, item.message]));
  }
}

function progress(text: string, done: boolean): void {
  if (process.stdout.isTTY) process.stdout.write(`\r${text}${done ? '\n' : ''}`);
  else console.log(text);
}

let exitCode = 0;
try {
  const list = (await concur.listItems.getLists()).find((candidate) => candidate.name === values.list);
  if (list === undefined) throw new ImportError(`Concur has no list named "${values.list}"; check the name in List Management.`);
  if (list.levels < 2) throw new ImportError(`The list "${list.name}" has ${list.levels} level; this import needs two.`);
  if (!existsSync(file)) throw new ImportError(`There is no file ${file}.`);
  report = createWriteStream(values.report);
  report.write(csvLine(['line', 'region_code', 'cost_center_code', 'name', 'status', 'code', 'message']));

  const result = await concur.listItems.create(list.id, itemsFromCsv(file), {
    chunkSize,
    keepItems: false, // outcomes go to the report as each chunk completes: memory stays bounded
    onProgress: ({ items, completed, succeeded }) => {
      record(items);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      progress(`${completed} items in ${seconds} s: ${succeeded} created, ${alreadyThere} already there, ${refused} refused`, false);
    },
  });
  progress(`${result.succeeded + result.failed + result.unknown} items in ${result.chunks.length} request(s), ${((Date.now() - started) / 1000).toFixed(1)} s`, true);
  console.log(`Created ${result.succeeded}; already in "${list.name}" ${alreadyThere}; refused ${refused} (${result.invalid} of them never sent: invalid rows).`);
  if (refused > 0) console.log(`The refused rows are in ${values.report}: fix them in the file and import it again.`);
} catch (error) {
  exitCode = 1;
  if (!(error instanceof ConcurError) && !(error instanceof ImportError)) throw error; // a bug: show its stack
  console.error(`The import stopped: ${error.message}`);
} finally {
  await new Promise((resolve) => (report === undefined ? resolve(undefined) : report.end(resolve)));
  await close();
}
process.exitCode = exitCode;
