import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator/index.js';
import { buildXml } from '../../src/xml/builder.js';
import { parseErrorBody } from '../../src/xml/error-body.js';
import { elements } from '../../src/xml/nodes.js';
import { NS, call, manualClock, namespaceOf, root, simulator, text } from './helpers.js';

const BASE = '/api/expense/extract/v1.0';
const DEFINITION_ID = 'nYoPK$Expense$Extract01';
const DEFINITION = `${BASE}/${encodeURIComponent(DEFINITION_ID)}`;

function startBody(sim: Simulator, definitionId = DEFINITION_ID): string {
  return buildXml('definition', { id: `${sim.url}${BASE}/${definitionId}` }, { namespace: NS.extract });
}

async function startJob(sim: Simulator) {
  const response = await call(sim, 'POST', `${DEFINITION}/job`, { body: startBody(sim) });
  return { response, job: response.status === 201 ? root(response.text, 'job') : {} };
}

/** The path of a URL the simulator returned. */
function pathOf(url: string | undefined): string {
  return new URL(url ?? '').pathname;
}

describe('Extract v1.0: definitions', () => {
  it('lists definitions with id, job-link and name in the extract namespace', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', `${BASE}/`);
    expect(namespaceOf(response.text)).toBe(NS.extract);
    const [definition] = elements(root(response.text, 'definitions'), 'definition');
    expect(definition).toEqual({
      id: `${sim.url}${BASE}/${DEFINITION_ID}`,
      'job-link': `${sim.url}${BASE}/${DEFINITION_ID}/job`,
      name: 'Standard Accounting Extract',
    });
    expect(text(root((await call(sim, 'GET', DEFINITION)).text, 'definition'), 'name')).toBe('Standard Accounting Extract');
  });

  it('answers 404 for an unknown definition id', async () => {
    const sim = await simulator();
    const response = await call(sim, 'GET', `${BASE}/unknown`);
    expect(response.status).toBe(404);
    expect(parseErrorBody(response.text).message).toMatch(/Definition ID/);
  });
});

describe('Extract v1.0: jobs', () => {
  it('moves a job Queued -> Running -> Completed over jobDurationMs, by the injected clock', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 10_000 });
    const { response, job } = await startJob(sim);
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(text(job, 'id'));
    expect(job).toMatchObject({ status: 'Queued', 'start-time': '2026-11-25T10:00:00' });
    expect(job['file-link']).toBeUndefined();
    expect(job['stop-time']).toBeUndefined();
    const statusPath = pathOf(text(job, 'status-link'));

    clock.advance(5_000);
    expect(text(root((await call(sim, 'GET', statusPath)).text, 'job'), 'status')).toBe('Running');

    clock.advance(5_000);
    const done = root((await call(sim, 'GET', pathOf(text(job, 'id')))).text, 'job');
    expect(done).toMatchObject({ status: 'Completed', 'stop-time': '2026-11-25T10:00:10' });
    const file = await call(sim, 'GET', pathOf(text(done, 'file-link')));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(file.text.split('\r\n')[0]).toBe('Employee ID,Report ID,Report Name,Amount,Currency,Extract Date');
  });

  it('refuses a second job while one is queued or running with 409, and accepts it afterwards', async () => {
    const clock = manualClock();
    const sim = await simulator({ now: clock.now, jobDurationMs: 1_000 });
    expect((await startJob(sim)).response.status).toBe(201);
    const conflict = await startJob(sim);
    expect(conflict.response.status).toBe(409);
    expect(parseErrorBody(conflict.response.text).message).toMatch(/already queued or running/);
    clock.advance(1_000);
    expect((await startJob(sim)).response.status).toBe(201);
    const jobs = elements(root((await call(sim, 'GET', `${DEFINITION}/job`)).text, 'jobs'), 'job');
    expect(jobs.map((job) => job['status'])).toEqual(['Queued', 'Completed']);
  });

  it('answers 404 for an unknown job id and 400 for the file of an unfinished job', async () => {
    const sim = await simulator({ jobDurationMs: 60_000 });
    const { job } = await startJob(sim);
    const missing = await call(sim, 'GET', `${DEFINITION}/job/nope/status`);
    expect(missing.status).toBe(404);
    expect(parseErrorBody(missing.text).message).toMatch(/Job ID/);
    const early = await call(sim, 'GET', `${pathOf(text(job, 'id'))}/file`);
    expect(early.status).toBe(400);
  });

  it('checks the body: it must name this definition by URL', async () => {
    const sim = await simulator();
    const other = await call(sim, 'POST', `${DEFINITION}/job`, { body: startBody(sim, 'somethingElse') });
    expect(other.status).toBe(400);
    const empty = await call(sim, 'POST', `${DEFINITION}/job`, { body: buildXml('definition', {}, { namespace: NS.extract }) });
    expect(empty.status).toBe(400);
    expect(sim.state.extract.jobs(DEFINITION_ID)).toHaveLength(0);
  });

  it('lets tests choose the completed wording, a failing outcome, the CSV and finish jobs at once', async () => {
    const sim = await simulator({ jobDurationMs: 0 });
    sim.state.extract.completedStatus = 'Complete';
    const definition = sim.state.extract.addDefinition({ name: 'GL', csv: 'a,b\r\n1,2\r\n' });
    const started = await call(sim, 'POST', `${BASE}/${encodeURIComponent(definition.id)}/job`, { body: startBody(sim, definition.id) });
    const job = root(started.text, 'job');
    expect(text(job, 'status')).toBe('Complete');
    expect((await call(sim, 'GET', pathOf(text(job, 'file-link')))).text).toBe('a,b\r\n1,2\r\n');

    const failing = sim.state.extract.addDefinition({ name: 'Broken', jobOutcome: 'Failed' });
    const failed = root((await call(sim, 'POST', `${BASE}/${encodeURIComponent(failing.id)}/job`, { body: startBody(sim, failing.id) })).text, 'job');
    expect(text(failed, 'status')).toBe('Failed');
    expect(failed['file-link']).toBeUndefined();

    sim.state.extract.jobDurationMs = 60_000;
    await call(sim, 'POST', `${DEFINITION}/job`, { body: startBody(sim) });
    const [running] = sim.state.extract.jobs(DEFINITION_ID);
    expect(running && sim.state.extract.statusOf(running)).toBe('Queued');
    if (running) sim.state.extract.finishJob(running);
    expect(running && sim.state.extract.statusOf(running)).toBe('Completed');
  });
});
