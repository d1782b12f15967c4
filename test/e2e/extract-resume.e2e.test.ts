import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/index.js';
import { closeSimulators, connect, first, logged, manualClock, rejection, simulator } from './support.js';

// End-to-end: startJob whose answer was lost after Concur had queued the job. The resend meets
// that very job (409); startJob finds it with listJobs instead of failing the nightly run.

const DEFINITION_ID = 'nYoPK$Expense$Extract01';
const JOBS = '/api/expense/extract/v1.0/nYoPK%24Expense%24Extract01/job';
const MINUTE = 60_000;

afterEach(closeSimulators);

describe('startJob after a lost answer', () => {
  it('a time-out after Concur queued the job: the resend gets 409, and startJob returns that job, resumed', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 10 * MINUTE });
    sim.faults.noResponse({ method: 'POST', path: '/api/expense/extract/**', processed: true });
    const { concur } = connect(sim, { timeoutMs: 100 }, clock.advance);

    const job = await concur.extract.startJob(DEFINITION_ID);

    const stored = first(sim.state.extract.jobs(DEFINITION_ID));
    expect(sim.state.extract.jobs(DEFINITION_ID)).toHaveLength(1);
    expect(job).toMatchObject({ id: stored.id, definitionId: DEFINITION_ID, status: 'Queued', state: 'queued', resumed: true });
    expect(logged(sim)).toEqual([`POST ${JOBS} undefined`, `POST ${JOBS} 409`, `GET ${JOBS} 200`]);
    // It is a job like any other: it can be followed to its end.
    const done = await concur.extract.waitForJob(DEFINITION_ID, job.id, { intervalMs: MINUTE, timeoutMs: 60 * MINUTE });
    expect(done).toMatchObject({ id: stored.id, state: 'completed' });
  });

  it('a 409 on a first attempt stays a ConflictError: another job was in the way, and no lookup is made', async () => {
    const sim = await simulator({ jobDurationMs: 10 * MINUTE });
    const { concur } = connect(sim);
    const theirs = await concur.extract.startJob(DEFINITION_ID);
    expect(theirs.resumed).toBeUndefined();

    const error = await rejection(concur.extract.startJob(DEFINITION_ID));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ status: 409, attempts: 1, mayHaveBeenProcessed: false });
    expect(logged(sim)).toEqual([`POST ${JOBS} 201`, `POST ${JOBS} 409`]);
  });

  it('a 409 after a 503 stays a ConflictError: the refused attempt cannot have started a job', async () => {
    const sim = await simulator({ jobDurationMs: 10 * MINUTE });
    const { concur } = connect(sim);
    await concur.extract.startJob(DEFINITION_ID);
    sim.faults.maintenance({ method: 'POST', count: 1 });

    const error = await rejection(concur.extract.startJob(DEFINITION_ID));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ attempts: 2, mayHaveBeenProcessed: false });
    expect(logged(sim)).toEqual([`POST ${JOBS} 201`, `POST ${JOBS} 503`, `POST ${JOBS} 409`]);
  });

  it('when the job has already finished by the lookup, the ConflictError is thrown, saying the job may have been this call’s', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: MINUTE });
    sim.faults.noResponse({ method: 'POST', processed: true });
    const { concur } = connect(sim, {
      timeoutMs: 100,
      // The job ends between the 409 and the job list.
      onResponse: (event) => {
        if (event.status === 409) clock.advance(2 * MINUTE);
      },
    });

    const error = await rejection(concur.extract.startJob(DEFINITION_ID));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ attempts: 2, mayHaveBeenProcessed: true });
    expect(logged(sim)).toEqual([`POST ${JOBS} undefined`, `POST ${JOBS} 409`, `GET ${JOBS} 200`]);
    expect(sim.state.extract.jobs(DEFINITION_ID).map((job) => sim.state.extract.statusOf(job))).toEqual(['Completed']);
  });
});
