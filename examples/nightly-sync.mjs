// @ts-check
// A nightly ERP → Concur job, as an integration would write it with concur-sdk: sync a cost
// center list, run the accounting extract and download its file, close the payment batch.
//
// It runs against the simulator that ships with the SDK, with a maintenance window and a
// 60-second silence scripted in, and with the client's waits shortened so it ends in seconds.
// Against Concur, drop the simulator lines and the shortened waits, and pass your own host/token.
//
// Run: npm run demo

import {
  ConcurClient,
  ConcurApiError,
  ConcurError,
  ConflictError,
  InternalServerError,
} from 'concur-sdk';
import { SIMULATOR_TOKEN, startSimulator } from 'concur-sdk/simulator';

const started = Date.now();
/** @param {string} text */
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);

// ---- The stand-in for Concur, with tonight's trouble scripted in ----------------------------
const sim = await startSimulator({ jobDurationMs: 1_500, batchCloseDurationMs: 500 });
// The company's two-level "Cost Centers" list (regions, then offices), as configured in Concur,
// with the one item last night's run created.
sim.state.lists.create({ name: 'Cost Centers', levels: 2 }).addItem({ codes: ['HQ'], name: 'Headquarters' });
// Concur goes into maintenance while the list sync runs: two batch requests get 503.
sim.faults.maintenance({ method: 'POST', path: '/api/expense/list/v1.0/*/batch', skip: 1, count: 2 });
// One poll of the extract job gets no answer at all (on Concur: a 60-second silence).
sim.faults.noResponse({ method: 'GET', path: '/api/expense/extract/v1.0/*/job/*', skip: 1, count: 1 });

// ---- The client -----------------------------------------------------------------------------
const concur = new ConcurClient({
  baseUrl: sim.url,
  accessToken: SIMULATOR_TOKEN,
  // Concur's numbers are a 60 s time limit and a 5-minute wait; shortened so the demo is quick.
  timeoutMs: 1_000,
  retry: { retries: 3, delayMs: 400, maxRetryAfterMs: 1_000 },
  onRetry: ({ attempt, delayMs, reason, method, path, error }) =>
    log(`  ↻ ${error.name} on ${method} ${path} (${reason}, attempt ${attempt}); retrying in ${delayMs} ms`),
});

/** Reports an error the job handled and goes on. @param {string} step @param {unknown} error */
function handled(step, error) {
  if (!(error instanceof ConcurError)) throw error;
  const fields = error instanceof ConcurApiError ? ` [status ${error.status}, Concur message: ${error.serverMessage ?? '-'}]` : '';
  log(`  ✔ handled ${error.name} during ${step}${fields}`);
}

// ---- 1. Sync 2,500 cost centers (50 regions × 49 offices) into the two-level list -----------
async function* erpCostCenters() {
  for (let region = 0; region < 50; region += 1) {
    const regionCode = `R${String(region).padStart(2, '0')}`;
    yield { name: `Region ${region}`, level1Code: regionCode };
    for (let office = 0; office < 49; office += 1) {
      yield { name: `Office ${region}-${office}`, level1Code: regionCode, level2Code: `O${String(office).padStart(2, '0')}` };
    }
  }
  // Last night's run already created this one; Concur will say so (code 2004).
  yield { name: 'Headquarters', level1Code: 'HQ' };
}

const lists = await concur.listItems.getLists();
const costCenters = lists.find((list) => list.name === 'Cost Centers');
if (costCenters === undefined) throw new Error('The Cost Centers list is missing');
log(`Syncing cost centers into "${costCenters.name}" (${costCenters.levels} levels)…`);
const sync = await concur.listItems.create(costCenters.id, erpCostCenters(), {
  keepItems: false,
  onProgress: ({ chunk, items, completed, succeeded, failed, unknown }) => {
    log(`  chunk ${chunk.index + 1}: ${chunk.size} items, ${chunk.attempts} attempt(s) — ${completed} done: ${succeeded} ok, ${failed} failed, ${unknown} unknown`);
    // A real job would write these back to the ERP for review.
    for (const item of items) {
      if (item.status !== 'succeeded') log(`    item ${item.index} (${item.input.level1Code}): ${item.status} ${item.code ?? ''} ${item.message ?? ''}`);
    }
  },
});
log(`List sync: ${sync.succeeded} created, ${sync.failed} failed, ${sync.unknown} unknown in ${sync.chunks.length} requests.`);

// ---- 2. Run the accounting extract and download its file ------------------------------------
const [definition] = await concur.extract.listDefinitions();
if (definition === undefined) throw new Error('No extract definition');
log(`Starting extract "${definition.name}"…`);
const job = await concur.extract.startJob(definition.id);
try {
  await concur.extract.startJob(definition.id); // a second start while the first runs
} catch (error) {
  if (!(error instanceof ConflictError)) throw error;
  handled('a second extract start', error);
}
const finished = await concur.extract.waitForJob(definition.id, job.id, {
  intervalMs: 300,
  onPoll: (polled) => log(`  job ${polled.status}`),
});
const file = await concur.extract.downloadFile(definition.id, finished.id);
const firstLine = file.data.toString('utf8').split('\n')[0] ?? '';
log(`Extract file: ${file.data.length} bytes of ${file.contentType}; header "${firstLine.slice(0, 60)}"`);

// ---- 3. Close the payment batches -----------------------------------------------------------
for (const batch of await concur.paymentBatches.list({ status: 'OPEN' })) {
  try {
    const closed = await concur.paymentBatches.close(batch);
    const payments = closed.fileUrl === undefined ? undefined : await concur.paymentBatches.downloadFile(closed.fileUrl);
    log(`Closed batch "${batch.batchName}" (${batch.count} payments, ${batch.batchTotal} ${batch.currency}); file ${payments?.data.length ?? 0} bytes`);
  } catch (error) {
    if (!(error instanceof InternalServerError)) throw error;
    handled(`closing batch "${batch.batchName}"`, error);
  }
}

await sim.close();
log(`Done: ${sim.state.log.total} requests reached the simulator.`);
