import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError, ExtractJobFailedError, ExtractJobTimeoutError, NotFoundError, type ExtractJob } from '../../src/index.js';
import { closeSimulators, connect, first, manualClock, rejection, simulator, START } from './support.js';

// End-to-end: the extract methods of a ConcurClient pointed at a simulator on a real local port,
// asserting both what the SDK returns and what the simulator holds afterwards.
// Shared setup: ./support.ts.

const DEFINITION_ID = 'nYoPK$Expense$Extract01';

afterEach(closeSimulators);

describe('extract', () => {
  it('listDefinitions and getDefinition (by id and by URL); unknown ids are NotFoundError', async () => {
    const sim = await simulator();
    const { concur } = connect(sim);
    const url = `${sim.linkOrigin}/api/expense/extract/v1.0/${DEFINITION_ID}`;
    const expected = { id: DEFINITION_ID, url, name: 'Standard Accounting Extract', jobLink: `${url}/job` };
    expect(await concur.extract.listDefinitions()).toEqual([expected]);
    expect(await concur.extract.getDefinition(DEFINITION_ID)).toEqual(expected);
    expect(await concur.extract.getDefinition(url)).toEqual(expected);

    for (const call of [
      () => concur.extract.getDefinition('no-such-definition'),
      () => concur.extract.listJobs('no-such-definition'),
      () => concur.extract.startJob('no-such-definition'),
      () => concur.extract.getJob(DEFINITION_ID, 'no-such-job'),
      () => concur.extract.getJobStatus(DEFINITION_ID, 'no-such-job'),
      () => concur.extract.downloadFile(DEFINITION_ID, 'no-such-job'),
    ]) {
      const error = await rejection(call());
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, attempts: 1 });
    }
    expect(sim.state.extract.jobs(DEFINITION_ID)).toEqual([]);
  });

  it('startJob, 409 while it runs, listJobs, getJob, getJobStatus, waitForJob on the simulator clock, downloadFile', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 4_000 });
    const { concur, waits } = connect(sim, {}, clock.advance);
    const definitionUrl = `${sim.linkOrigin}/api/expense/extract/v1.0/${DEFINITION_ID}`;

    const job = await concur.extract.startJob(DEFINITION_ID);
    const [stored] = sim.state.extract.jobs(DEFINITION_ID);
    if (stored === undefined) throw new Error('the simulator holds no job');
    const jobUrl = `${definitionUrl}/job/${stored.id}`;
    expect(job).toEqual({
      id: stored.id,
      url: jobUrl,
      definitionId: DEFINITION_ID,
      status: 'Queued',
      state: 'queued',
      statusLink: `${jobUrl}/status`,
      startTime: '2026-11-25T10:00:00',
      startedAt: new Date(START),
    });

    const conflict = await rejection(concur.extract.startJob(definitionUrl));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict).toMatchObject({ status: 409, serverMessage: 'A job for the specified definition is already queued or running.', attempts: 1 });
    expect(sim.state.extract.jobs(DEFINITION_ID)).toHaveLength(1);

    expect(await concur.extract.listJobs(DEFINITION_ID)).toEqual([job]);
    expect(await concur.extract.getJob(DEFINITION_ID, job.id)).toEqual(job);
    expect(await concur.extract.getJob(definitionUrl, jobUrl)).toEqual(job);
    expect(await concur.extract.getJobStatus(DEFINITION_ID, job.id)).toEqual(job);
    // The file is not there yet.
    await expect(concur.extract.downloadFile(DEFINITION_ID, job.id)).rejects.toBeInstanceOf(BadRequestError);

    const seen: string[] = [];
    const done = await concur.extract.waitForJob(DEFINITION_ID, job.id, { intervalMs: 1_000, onPoll: (current) => void seen.push(current.status) });
    expect(seen).toEqual(['Queued', 'Queued', 'Running', 'Running', 'Completed']);
    expect(waits).toEqual([1_000, 1_000, 1_000, 1_000]);
    expect(done).toEqual({
      ...job,
      status: 'Completed',
      state: 'completed',
      stopTime: '2026-11-25T10:00:04',
      stoppedAt: new Date(START + 4_000),
      fileLink: `${jobUrl}/file`,
    });
    expect(sim.state.extract.statusOf(stored)).toBe('Completed');
    expect(await concur.extract.getJobStatus(DEFINITION_ID, job.id)).toEqual(done);

    const file = await concur.extract.downloadFile(DEFINITION_ID, job.id);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.data.toString('utf8')).toBe(
      [
        'Employee ID,Report ID,Report Name,Amount,Currency,Extract Date',
        'E0001,R-1001,Client visit,125.50,USD,2026-11-25',
        'E0002,R-1002,"Conference, Berlin",980.00,EUR,2026-11-25',
        '',
      ].join('\r\n'),
    );

    // Finished: a new job may start, and the list shows the newest first.
    const second = await concur.extract.startJob(DEFINITION_ID);
    expect((await concur.extract.listJobs(DEFINITION_ID)).map((listed) => listed.id)).toEqual([second.id, job.id]);
  });

  it.each(['Complete', '2'])('waitForJob accepts a finished job written "%s" and downloads its bytes unchanged', async (completedStatus) => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 2_000 });
    sim.state.extract.completedStatus = completedStatus;
    const csv = 'Employee ID,Amount\r\nE1,12.50\r\nÉmile,3.00\r\n';
    const definition = sim.state.extract.addDefinition({ name: 'GL export', id: 'defGL$01', csv });
    const { concur } = connect(sim, {}, clock.advance);
    const job = await concur.extract.startJob(definition.id);
    const done = await concur.extract.waitForJob(definition.id, job.id, { intervalMs: 2_000 });
    expect([done.status, done.state]).toEqual([completedStatus, 'completed']);
    expect((await concur.extract.downloadFile(definition.id, job.id)).data.equals(Buffer.from(csv, 'utf8'))).toBe(true);
  });

  it('waitForJob: a Failed job rejects with ExtractJobFailedError; a slow one with ExtractJobTimeoutError', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 1_000 });
    const broken = sim.state.extract.addDefinition({ name: 'Broken', id: 'defBroken$01', jobOutcome: 'Failed' });
    const { concur } = connect(sim, {}, clock.advance);
    const failing = await concur.extract.startJob(broken.id);
    const failed = await rejection(concur.extract.waitForJob(broken.id, failing.id, { intervalMs: 1_000 }));
    expect(failed).toBeInstanceOf(ExtractJobFailedError);
    expect(failed).toMatchObject({ definitionId: broken.id, jobId: failing.id, jobStatus: 'Failed', attempts: 2 });
    await expect(concur.extract.downloadFile(broken.id, failing.id)).rejects.toBeInstanceOf(NotFoundError);

    sim.state.extract.jobDurationMs = 3_600_000;
    const slow = await concur.extract.startJob(DEFINITION_ID);
    const polled: ExtractJob[] = [];
    const timedOut = await rejection(concur.extract.waitForJob(DEFINITION_ID, slow.id, { intervalMs: 1_000, timeoutMs: 2_500, onPoll: (current) => void polled.push(current) }));
    expect(timedOut).toBeInstanceOf(ExtractJobTimeoutError);
    expect(timedOut).toMatchObject({ definitionId: DEFINITION_ID, jobId: slow.id, lastStatus: 'Queued', timeoutMs: 2_500, retryable: false, attempts: 3 });
    expect(polled).toHaveLength(3);
    // The job goes on in the simulator.
    expect(sim.state.extract.statusOf(first(sim.state.extract.jobs(DEFINITION_ID)))).toBe('Queued');
  });
});
