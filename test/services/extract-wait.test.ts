import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExtractJobFailedError, ExtractJobTimeoutError, extractJobState } from '../../src/services/extract-types.js';
import { ConcurAbortError, ConcurTimeoutError, ConcurValidationError, ForbiddenError } from '../../src/index.js';
import { caught, concur, errorXml, XML } from '../support/helpers.js';
import { DEF, JOB, JOB_PATH, jobXml, recorder, service, type Captured } from './extract-support.js';

// ExtractService.waitForJob (polling, failure, time-out, abort) and extractJobState. The
// definition, job and file endpoints are in extract-jobs.test.ts.

/** Scripts the job endpoint to answer these statuses in turn, and records the requests. */
function pollAnswers(statuses: string[]): Captured[] {
  const captured: Captured[] = [];
  const record = recorder(captured);
  for (const status of statuses) {
    concur()
      .get(JOB_PATH)
      .reply(function reply(uri, body) {
        record.call(this, uri, body);
        return [200, jobXml(status), XML];
      });
  }
  return captured;
}

describe('ExtractService.waitForJob', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls Queued → Running → Completed and resolves with the job, waiting through the client sleep', async () => {
    const { extract, delays } = service();
    const captured = pollAnswers(['Queued', 'Running', 'Completed']);
    const seen: string[] = [];
    const job = await extract.waitForJob(DEF, JOB, { intervalMs: 45_000, onPoll: (current) => void seen.push(current.status) });
    expect(job).toMatchObject({ id: JOB, definitionId: DEF, status: 'Completed', state: 'completed' });
    expect(captured.map((request) => `${request.method} ${request.path}`)).toEqual(Array(3).fill(`GET ${JOB_PATH}`));
    expect(seen).toEqual(['Queued', 'Running', 'Completed']);
    expect(delays).toEqual([45_000, 45_000]);
  });

  it.each(['Complete', '2', 'COMPLETED'])('reads %j as done', async (status) => {
    const { extract, delays } = service();
    pollAnswers(['Running', status]);
    const job = await extract.waitForJob(DEF, JOB);
    expect(job.status).toBe(status);
    expect(delays).toEqual([30_000]);
  });

  it('rejects with ExtractJobFailedError naming the job and its status, and stops polling', async () => {
    const { extract, delays } = service();
    pollAnswers(['Running', 'Failed']);
    const extra = concur().get(JOB_PATH).reply(200, jobXml('Running'), XML);
    const error = await caught(() => extract.waitForJob(DEF, JOB));
    expect(error).toBeInstanceOf(ExtractJobFailedError);
    expect(error).toMatchObject({ name: 'ExtractJobFailedError', definitionId: DEF, jobId: JOB, jobStatus: 'Failed', retryable: false });
    expect(error).not.toHaveProperty('status');
    expect((error as Error).message).toContain(JOB);
    expect(delays).toEqual([30_000]);
    expect(extra.isDone()).toBe(false);
  });

  it('rejects with ExtractJobTimeoutError once the next poll would pass timeoutMs', async () => {
    const { extract, delays } = service();
    const captured = pollAnswers(['Queued', 'Running', 'Running', 'Running']);
    const error = await caught(() => extract.waitForJob(DEF, JOB, { intervalMs: 30_000, timeoutMs: 90_000 }));
    expect(error).toBeInstanceOf(ExtractJobTimeoutError);
    expect(error).toBeInstanceOf(ConcurTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 90_000, jobId: JOB, definitionId: DEF, lastStatus: 'Running', retryable: false, attempts: 4 });
    expect((error as Error).message).toContain('90000 ms');
    expect(captured).toHaveLength(4);
    expect(delays).toEqual([30_000, 30_000, 30_000]);
  });

  it('cuts a poll still running at the deadline (fake timers, no real wait)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { extract } = service();
    concur().get(JOB_PATH).delayConnection(50_000).reply(200, jobXml('Running'), XML);
    const result = caught(() => extract.waitForJob(DEF, JOB, { timeoutMs: 10_000 }));
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await result;
    expect(error).toBeInstanceOf(ExtractJobTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 10_000, lastStatus: undefined });
  });

  it('rejects with ConcurAbortError when the signal aborts during a wait', async () => {
    const controller = new AbortController();
    const waits: number[] = [];
    const { extract } = service({
      sleep: (ms) => {
        waits.push(ms);
        controller.abort(new Error('shutting down'));
        return new Promise<void>(() => undefined);
      },
    });
    const captured = pollAnswers(['Running', 'Running']);
    const error = await caught(() => extract.waitForJob(DEF, JOB, { signal: controller.signal }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(waits).toEqual([30_000]);
    expect(captured).toHaveLength(1);
  });

  it('rejects with ConcurAbortError, sending nothing, when the signal is already aborted', async () => {
    const { extract } = service();
    const scope = concur().get(JOB_PATH).reply(200, jobXml('Running'), XML);
    const error = await caught(() => extract.waitForJob(DEF, JOB, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(ConcurAbortError);
    expect(scope.isDone()).toBe(false);
  });

  it('keeps polling through a transient failure, and stops at a final one', async () => {
    const { extract, delays } = service({ retry: false });
    concur().get(JOB_PATH).reply(503, errorXml('Maintenance'), XML).get(JOB_PATH).reply(200, jobXml('Completed'), XML);
    expect((await extract.waitForJob(DEF, JOB, { intervalMs: 1_000 })).state).toBe('completed');
    expect(delays).toEqual([1_000]);

    concur().get(JOB_PATH).reply(403, errorXml('Access denied'), XML);
    const extra = concur().get(JOB_PATH).reply(200, jobXml('Completed'), XML);
    expect(await caught(() => extract.waitForJob(DEF, JOB, { intervalMs: 1_000 }))).toBeInstanceOf(ForbiddenError);
    expect(extra.isDone()).toBe(false);
  });

  it.each([{ intervalMs: 0 }, { intervalMs: Number.NaN }, { timeoutMs: -1 }, { intervalMs: Number.POSITIVE_INFINITY }])(
    'refuses %j before any request',
    async (options) => {
      const { extract } = service();
      const scope = concur().get(JOB_PATH).reply(200, jobXml('Running'), XML);
      expect(await caught(() => extract.waitForJob(DEF, JOB, options))).toBeInstanceOf(ConcurValidationError);
      expect(scope.isDone()).toBe(false);
    },
  );
});

describe('extractJobState', () => {
  it('reads every documented status, in any case', () => {
    expect(['Queued', 'running', 'Completed', 'Complete', '2', ' Failed ', 'Paused'].map(extractJobState)).toEqual([
      'queued',
      'running',
      'completed',
      'completed',
      'completed',
      'failed',
      'unknown',
    ]);
  });
});
