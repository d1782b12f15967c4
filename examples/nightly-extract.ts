// The nightly accounting extract: start a job for an extract definition, wait for it, and
// download its file into a folder. Concur runs one job per definition at a time, so when one is
// already queued or running (started by hand, by another process, or by last night's run that
// timed out waiting), this run waits for that job instead of failing or starting a second one.
//
//   npm run example:nightly-extract -- [--definition NAME] [--out DIR] [--interval-ms N] [--timeout-ms N]
//
// --definition defaults to "Standard Accounting Extract", --out to the current folder; the file is
// named after the definition, the date and the job (…csv, or …zip when the definition produces
// several files). Without CONCUR_BASE_URL it runs against the bundled simulator, where jobs take
// 2 s; add --simulate-running-job there to find a job already running, as after a lost run.
// Exit code: 0 with the file written, 1 when there is no file (the job failed, is still running,
// or Concur refused).
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConcurError, ConflictError, ExtractJobFailedError, ExtractJobTimeoutError, type ConcurClient, type ExtractJob } from 'concur-sdk';
import { connect } from './lib/connect.js';

const { values } = parseArgs({
  options: {
    definition: { type: 'string', default: 'Standard Accounting Extract' },
    out: { type: 'string', default: '.' },
    'interval-ms': { type: 'string' },
    'timeout-ms': { type: 'string', default: String(2 * 60 * 60_000) },
    'simulate-running-job': { type: 'boolean', default: false },
  },
});

const { concur, simulator, close } = await connect({
  appInfo: { name: 'NightlyExtract', version: '1.0.0' },
  simulator: { jobDurationMs: 2_000 },
  prepare: (sim) => {
    if (!values['simulate-running-job']) return;
    const [definition] = sim.state.extract.definitions();
    if (definition !== undefined) sim.state.extract.startJob(definition); // as if another process had started it
  },
});
// Concur publishes no polling interval and jobs take minutes: poll every minute (the simulator's in 2 s).
const intervalMs = Number(values['interval-ms'] ?? (simulator === undefined ? 60_000 : 500));

/** Starts a job, or returns the job of this definition that is already queued or running. */
async function startOrJoin(client: ConcurClient, definitionId: string): Promise<ExtractJob> {
  try {
    return await client.extract.startJob(definitionId);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const running = (await client.extract.listJobs(definitionId)).find((job) => job.state === 'queued' || job.state === 'running');
    if (running === undefined) throw error; // the other job finished in between: tonight's file is that job's; see listJobs
    console.log(`A job is already ${running.status} for this definition (${running.id}, started ${running.startTime || 'at an unknown time'}): waiting for it instead of starting another.`);
    return running;
  }
}

let exitCode = 1;
try {
  const definition = (await concur.extract.listDefinitions()).find((candidate) => candidate.name === values.definition);
  if (definition === undefined) {
    console.error(`No extract definition is named "${values.definition}".`);
  } else {
    const job = await startOrJoin(concur, definition.id);
    console.log(`Waiting for job ${job.id} (${job.status}), polling every ${intervalMs / 1000} s…`);
    const waitStarted = Date.now();
    const done = await concur.extract.waitForJob(definition.id, job.id, {
      intervalMs,
      timeoutMs: Number(values['timeout-ms']),
      onPoll: (polled) => console.log(`  ${((Date.now() - waitStarted) / 1000).toFixed(1)} s: ${polled.status}`),
    });
    const file = await concur.extract.downloadFile(definition.id, done.id);
    const extension = file.contentType.includes('zip') ? 'zip' : 'csv';
    const day = new Date().toISOString().slice(0, 10);
    const path = join(values.out, `${definition.name.replace(/[^\w-]+/g, '-')}-${day}-${done.id.replace(/[^\w-]+/g, '')}.${extension}`);
    // Written beside, then renamed: a reader of the folder never sees half a file.
    await writeFile(`${path}.part`, file.data);
    await rename(`${path}.part`, path);
    console.log(`Saved ${file.data.length} bytes (${file.contentType}) to ${path}.`);
    exitCode = 0;
  }
} catch (error) {
  if (error instanceof ExtractJobFailedError) {
    console.error(`Job ${error.jobId} ended ${error.jobStatus} in Concur: no file tonight. Check the extract in Concur before running it again.`);
  } else if (error instanceof ExtractJobTimeoutError) {
    console.error(`Job ${error.jobId} is still ${error.lastStatus ?? 'running'}; it goes on in Concur, and the next run waits for it.`);
  } else if (error instanceof ConflictError) {
    console.error(`Concur refused a new job (${error.message}), and no job of the definition is running any more: run again.`);
  } else if (error instanceof ConcurError) {
    console.error(`The extract stopped: ${error.message}`);
  } else {
    throw error;
  }
} finally {
  await close();
}
process.exitCode = exitCode;
