import { ConcurAbortError } from '../errors/request-errors.js';
import { ConflictError } from '../errors/status-errors.js';
import type { ExtractJob } from './extract-types.js';

// Extract start after a lost answer (reference §5: one queued or running job per definition; a
// second start is refused with 409). When the first attempt of a start timed out after Concur had
// queued the job, the resend meets that very job and is refused: the job to follow is the one
// Concur has queued or running.

/**
 * True for a 409 that answered a resend of a start whose earlier attempt may have been processed
 * (it timed out, or the connection broke after sending): the job in the way may be this call's own.
 * A 409 on a first attempt, or after attempts Concur refused outright (a 503), is someone else's job.
 */
export function mayBeOwnConflict(error: unknown): error is ConflictError {
  return error instanceof ConflictError && error.mayHaveBeenProcessed && (error.attempts ?? 1) > 1;
}

/**
 * The job a 409 was about: the job of the list that is queued or running. Concur allows one such
 * job per definition; should the list hold several, the one with the latest start time (a job
 * whose start time does not parse counts as the oldest; among equals, the first listed).
 * Undefined when none is queued or running any more.
 */
export function activeJob(jobs: readonly ExtractJob[]): ExtractJob | undefined {
  let found: ExtractJob | undefined;
  for (const job of jobs) {
    if (job.state !== 'queued' && job.state !== 'running') continue;
    const time = job.startedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const best = found?.startedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    if (found === undefined || time > best) found = job;
  }
  return found;
}

/**
 * Finds the queued or running job after a 409 that may answer this call's own lost start, and
 * returns it marked `resumed: true`. Throws `conflict` when no such job is listed any more (it
 * already finished) or the job list cannot be read; an abort is thrown as such.
 */
export async function resumeStartedJob(conflict: ConflictError, listJobs: () => Promise<ExtractJob[]>): Promise<ExtractJob> {
  let jobs: ExtractJob[];
  try {
    jobs = await listJobs();
  } catch (error) {
    if (error instanceof ConcurAbortError) throw error;
    throw conflict;
  }
  const job = activeJob(jobs);
  if (job === undefined) throw conflict;
  return { ...job, resumed: true };
}
