import type { CallOptions } from '../core/options.js';
import { linkSegments } from '../core/path.js';
import { childText, type XmlElement } from '../xml/nodes.js';
import { ConcurError, nameErrorClass, type ConcurErrorOptions } from '../errors/concur-error.js';
import { ConcurTimeoutError } from '../errors/request-errors.js';

/** An extract definition: what an extract job produces and in which format (reference §5). */
export interface ExtractDefinition {
  /** The definition's encrypted id, as the methods of this service take it. */
  id: string;
  /** The definition URL Concur returned (its `id` element). */
  url: string;
  /** The definition's name, e.g. `Standard Accounting Extract`. */
  name: string;
  /**
   * `job-link` as returned: the URL jobs are posted to. Some documented samples leave out the
   * trailing `/job`, so the SDK builds that path from the id instead of following this link.
   */
  jobLink?: string;
}

/**
 * A job's status read into one of four states. Concur's sources disagree on the wording of a
 * finished job (`Complete`, `Completed`, or the number `2`); all three read as `completed`.
 * Anything unrecognised reads as `unknown` (and {@link ExtractService.waitForJob} keeps polling).
 */
export type ExtractJobState = 'queued' | 'running' | 'completed' | 'failed' | 'unknown';

/** An extract job, as the job, job list, status and start calls return it. */
export interface ExtractJob {
  /** The job's encrypted id, as the methods of this service take it. */
  id: string;
  /** The job URL Concur returned (its `id` element, or the `Location` header of a new job). */
  url: string;
  /** The encrypted id of the job's definition, read from the job URL. */
  definitionId: string;
  /** `status` exactly as Concur sent it: `Queued`, `Running`, `Completed` (or `Complete`, `2`), `Failed`. */
  status: string;
  /** {@link ExtractJob.status} read into a fixed set of states. */
  state: ExtractJobState;
  /** `status-link` as returned: the URL of the job's status (`''` when Concur left it out). */
  statusLink: string;
  /** `start-time` as returned, in UTC: when the job is scheduled to start (`''` when left out). */
  startTime: string;
  /** `start-time` read as a date (a time without a zone is taken as UTC), when it parses. */
  startedAt?: Date;
  /** `stop-time` as returned, in UTC; absent while the job runs. */
  stopTime?: string;
  /** `stop-time` read as a date (a time without a zone is taken as UTC), when it parses. */
  stoppedAt?: Date;
  /** `file-link` as returned: the URL of the output; absent until the job has finished. */
  fileLink?: string;
  /**
   * Set by {@link ExtractService.startJob} when Concur's answer to the start was lost (a time-out
   * after Concur had queued the job) and the resend was refused with 409: the job returned is the
   * one Concur holds queued or running for the definition, found with `listJobs`, not a new one.
   */
  resumed?: true;
}

export type { DownloadedFile } from './files.js';

/** Options of {@link ExtractService.waitForJob}. */
export interface WaitForJobOptions extends CallOptions {
  /**
   * Time between two polls, in milliseconds. Concur publishes no polling interval; extract jobs
   * usually take minutes, so polling more often than this gains little.
   * @default 30_000
   */
  intervalMs?: number;
  /**
   * Overall limit, in milliseconds, from the first poll. The wait rejects with
   * {@link ExtractJobTimeoutError} once the next poll would come after it, or when a request is
   * still running at that moment. `Infinity` waits as long as it takes. (Unlike other methods'
   * `timeoutMs`, it bounds the whole wait; each poll keeps the client's per-attempt limit.)
   * @default 3_600_000 (one hour)
   */
  timeoutMs?: number;
  /**
   * Called with the job after every poll, e.g. to log progress. A rejection from it ends the wait.
   * @default undefined
   */
  onPoll?: (job: ExtractJob) => void | Promise<void>;
}

/** Options of {@link ExtractJobFailedError}. */
export interface ExtractJobErrorOptions extends ConcurErrorOptions {
  /** The encrypted id of the job's definition. */
  definitionId: string;
  /** The encrypted id of the job. */
  jobId: string;
  /** The job as last read. */
  job?: ExtractJob | undefined;
}

/**
 * An extract job that {@link ExtractService.waitForJob} was waiting for ended with the status
 * `Failed`. Nothing is retried: look at the job in Concur, fix the cause and start a new job.
 *
 * @example
 * ```ts
 * try {
 *   await concur.extract.waitForJob(definitionId, job.id);
 * } catch (error) {
 *   if (error instanceof ExtractJobFailedError) console.error(error.jobId, error.jobStatus);
 *   else throw error;
 * }
 * ```
 */
export class ExtractJobFailedError extends ConcurError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ExtractJobFailedError';
  /** The encrypted id of the job's definition. */
  readonly definitionId: string;
  /** The encrypted id of the failed job. */
  readonly jobId: string;
  /**
   * The job's status as Concur sent it (`Failed`). Named apart from `status`, which on the
   * family's HTTP errors is the numeric HTTP status.
   */
  readonly jobStatus: string;
  /** The job as last read. */
  readonly job: ExtractJob | undefined;

  static {
    nameErrorClass(this, 'ExtractJobFailedError');
  }

  constructor(message: string, options: ExtractJobErrorOptions) {
    super(message, options);
    this.definitionId = options.definitionId;
    this.jobId = options.jobId;
    this.job = options.job;
    this.jobStatus = options.job?.status ?? 'Failed';
  }
}

/** Options of {@link ExtractJobTimeoutError}. */
export interface ExtractJobTimeoutErrorOptions extends ExtractJobErrorOptions {
  /** The overall limit that ran out, in milliseconds (`waitForJob`'s `timeoutMs`). */
  timeoutMs: number;
}

/**
 * {@link ExtractService.waitForJob} gave up: the job was not finished within `timeoutMs`. The job
 * itself goes on in Concur; wait again, or check it later with `getJob`. A subclass of
 * `ConcurTimeoutError`, so code that handles time-outs in general still catches it, but not
 * retryable (`retryable` is false): here `timeoutMs` is the overall limit of the wait, not the
 * limit of one request.
 *
 * @example
 * ```ts
 * try {
 *   await concur.extract.waitForJob(definitionId, job.id, { timeoutMs: 15 * 60_000 });
 * } catch (error) {
 *   if (error instanceof ExtractJobTimeoutError) console.warn(`still ${error.lastStatus} after 15 minutes`);
 *   else throw error;
 * }
 * ```
 */
export class ExtractJobTimeoutError extends ConcurTimeoutError {
  /** The class name, a literal that survives minifiers. */
  declare readonly name: 'ExtractJobTimeoutError';
  /** The encrypted id of the job's definition. */
  readonly definitionId: string;
  /** The encrypted id of the job. */
  readonly jobId: string;
  /** The job's status at the last poll, when a poll succeeded. */
  readonly lastStatus: string | undefined;
  /** The job as last read, when a poll succeeded. */
  readonly job: ExtractJob | undefined;

  static {
    nameErrorClass(this, 'ExtractJobTimeoutError');
  }

  constructor(message: string, options: ExtractJobTimeoutErrorOptions) {
    super(message, { ...options, retryable: false });
    this.definitionId = options.definitionId;
    this.jobId = options.jobId;
    this.job = options.job;
    this.lastStatus = options.job?.status;
  }
}

// Reading Extract responses (reference §5). Internal: only extractJobState is public.

/**
 * Reads an extract job's `status` into an {@link ExtractJobState}, ignoring case and spaces.
 *
 * @example
 * ```ts
 * extractJobState('Complete'); // 'completed'
 * ```
 */
export function extractJobState(status: string): ExtractJobState {
  // The 2013 status page lists `Completed`, examples also show `Complete`, and Oracle's adapter
  // documentation reads the number `2` as completed (reference §5, UNCONFIRMED): all three count.
  switch (status.trim().toLowerCase()) {
    case 'queued':
      return 'queued';
    case 'running':
      return 'running';
    case 'complete':
    case 'completed':
    case '2':
      return 'completed';
    case 'failed':
      return 'failed';
    default:
      return 'unknown';
  }
}

// Concur's times come with and without `Z` and with fractional seconds (reference §5); all are UTC.
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function utcDate(text: string | undefined): Date | undefined {
  const match = text === undefined ? null : TIME.exec(text.trim());
  if (match === null || text === undefined) return undefined;
  const date = new Date(match[1] === undefined ? `${text.trim()}Z` : text.trim());
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** @internal */
export function readDefinition(node: XmlElement): ExtractDefinition {
  const url = childText(node, 'id') ?? '';
  const segments = linkSegments(url);
  const at = segments.indexOf('v1.0');
  const definition: ExtractDefinition = {
    id: (at >= 0 ? segments[at + 1] : segments.at(-1)) ?? '',
    url,
    name: childText(node, 'name') ?? '',
  };
  const jobLink = childText(node, 'job-link');
  if (jobLink !== undefined) definition.jobLink = jobLink;
  return definition;
}

/** @internal */
export function readJob(node: XmlElement, known: { definitionId?: string; jobId?: string }, location?: string): ExtractJob {
  const url = childText(node, 'id') ?? location ?? '';
  const segments = linkSegments(url);
  const at = segments.lastIndexOf('job');
  const status = childText(node, 'status') ?? '';
  const job: ExtractJob = {
    id: (at >= 0 ? segments[at + 1] : undefined) ?? known.jobId ?? '',
    url,
    definitionId: (at > 0 ? segments[at - 1] : undefined) ?? known.definitionId ?? '',
    status,
    state: extractJobState(status),
    statusLink: childText(node, 'status-link') ?? '',
    startTime: childText(node, 'start-time') ?? '',
  };
  const startedAt = utcDate(job.startTime);
  const stopTime = childText(node, 'stop-time');
  const fileLink = childText(node, 'file-link');
  if (startedAt !== undefined) job.startedAt = startedAt;
  if (stopTime !== undefined) {
    job.stopTime = stopTime;
    const stoppedAt = utcDate(stopTime);
    if (stoppedAt !== undefined) job.stoppedAt = stoppedAt;
  }
  if (fileLink !== undefined) job.fileLink = fileLink;
  return job;
}

