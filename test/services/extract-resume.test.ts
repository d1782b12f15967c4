import { describe, expect, it } from 'vitest';
import { activeJob, mayBeOwnConflict, resumeStartedJob } from '../../src/services/extract-resume.js';
import { apiErrorFromResponse } from '../../src/errors/factory.js';
import type { ConflictError} from '../../src/index.js';
import { ConcurAbortError, ServiceUnavailableError, type ExtractJob, type ExtractJobState } from '../../src/index.js';
import { caught } from '../support/helpers.js';

// Which job startJob resumes after a 409 that may answer its own lost start (the flow itself is
// in test/e2e/extract-resume.e2e.test.ts).

const job = (id: string, state: ExtractJobState, startTime?: string): ExtractJob => ({
  id,
  url: `https://www.concursolutions.com/api/expense/extract/v1.0/D1/job/${id}`,
  definitionId: 'D1',
  status: state,
  state,
  statusLink: '',
  startTime: startTime ?? '',
  ...(startTime === undefined ? {} : { startedAt: new Date(`${startTime}Z`) }),
});

const conflict = (processedBefore: boolean, attempts: number): ConflictError =>
  apiErrorFromResponse({ status: 409, headers: {}, bodyText: '' }, { method: 'POST', path: '/job', attempts, exhausted: false, secrets: [], processedBefore }) as ConflictError;

describe('activeJob', () => {
  it('is the queued or running job; with several, the latest start time; none when every job has finished', () => {
    expect(activeJob([job('A', 'completed', '2026-11-25T09:00:00'), job('B', 'queued', '2026-11-25T10:00:00'), job('C', 'failed', '2026-11-25T11:00:00')])?.id).toBe('B');
    expect(activeJob([job('A', 'running', '2026-11-25T09:00:00'), job('B', 'queued', '2026-11-25T10:00:00')])?.id).toBe('B');
    expect(activeJob([job('A', 'queued'), job('B', 'running', '2026-11-25T08:00:00')])?.id).toBe('B');
    expect(activeJob([job('A', 'queued'), job('B', 'queued')])?.id).toBe('A');
    expect(activeJob([job('A', 'completed'), job('B', 'unknown')])).toBeUndefined();
    expect(activeJob([])).toBeUndefined();
  });
});

describe('mayBeOwnConflict', () => {
  it('only a 409 after an attempt that may have been processed', () => {
    expect(mayBeOwnConflict(conflict(true, 2))).toBe(true);
    expect(mayBeOwnConflict(conflict(false, 2))).toBe(false);
    expect(mayBeOwnConflict(conflict(false, 1))).toBe(false);
    const unavailable = apiErrorFromResponse({ status: 503, headers: {}, bodyText: '' }, { method: 'POST', path: '/job', attempts: 2, exhausted: true, secrets: [], processedBefore: true });
    expect(unavailable).toBeInstanceOf(ServiceUnavailableError);
    expect(mayBeOwnConflict(unavailable)).toBe(false);
  });
});

describe('resumeStartedJob', () => {
  it('returns the active job marked resumed; throws the 409 when there is none or the list fails, and an abort as such', async () => {
    const error = conflict(true, 2);
    expect(await resumeStartedJob(error, async () => [job('A', 'completed'), job('B', 'queued')])).toMatchObject({ id: 'B', resumed: true });
    expect(await caught(() => resumeStartedJob(error, async () => [job('A', 'completed')]))).toBe(error);
    expect(await caught(() => resumeStartedJob(error, async () => Promise.reject(new ServiceUnavailableError('down', { status: 503 }))))).toBe(error);
    const aborted = new ConcurAbortError('aborted');
    expect(await caught(() => resumeStartedJob(error, async () => Promise.reject(aborted)))).toBe(aborted);
  });
});
