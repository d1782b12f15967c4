import pRetry from 'p-retry';
import type { CallOptions } from '../core/options.js';
import { decodeSegment, fillPath, linkSegments } from '../core/path.js';
import { ConcurError } from '../errors/concur-error.js';
import { abortError } from '../errors/factory.js';
import { ConcurAbortError } from '../errors/request-errors.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { callOptions, callSettings, functionOption, idArgument, type CallSettings } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import { transientReasonOf } from '../retry/policy.js';
import { elements } from '../xml/nodes.js';
import { mayBeOwnConflict, resumeStartedJob } from './extract-resume.js';
import { download, type DownloadOptions, type DownloadTarget, type SavedFile } from './files.js';
import { ConcurService, defineEndpoints, rootOf, type EndpointSpec } from './service.js';
import {
  ExtractJobFailedError,
  ExtractJobTimeoutError,
  readDefinition,
  readJob,
  type DownloadedFile,
  type ExtractDefinition,
  type ExtractJob,
  type WaitForJobOptions,
} from './extract-types.js';

// Extract v1.0 (reference §5). The job list and start examples show a placeholder namespace; the
// body uses the definitions' namespace, and responses are read whatever their namespace.
const NAMESPACE = 'http://www.concursolutions.com/api/expense/extract/2010/02';
const BASE = '/api/expense/extract/v1.0';

const ENDPOINTS = defineEndpoints({
  listDefinitions: { method: 'GET', path: `${BASE}/` },
  getDefinition: { method: 'GET', path: `${BASE}/{definitionId}` },
  startJob: { method: 'POST', path: `${BASE}/{definitionId}/job`, root: 'definition', namespace: NAMESPACE },
  listJobs: { method: 'GET', path: `${BASE}/{definitionId}/job` },
  getJob: { method: 'GET', path: `${BASE}/{definitionId}/job/{jobId}` },
  getJobStatus: { method: 'GET', path: `${BASE}/{definitionId}/job/{jobId}/status` },
  downloadFile: { method: 'GET', path: `${BASE}/{definitionId}/job/{jobId}/file`, responseType: 'binary', download: true },
});

const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 3_600_000;
// setTimeout fires at once for delays above 2^31 - 1 ms; longer limits rely on the poll count only.
const MAX_TIMER_MS = 2_147_483_647;

type JobIds = { definitionId: string; jobId: string };

/** The job is still queued or running: the signal for p-retry to poll again. */
class JobPending extends Error {}

function positive(value: unknown, fallback: number, field: string, allowInfinity: boolean): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0 || (!allowInfinity && !Number.isFinite(value))) {
    const rule = allowInfinity ? 'a positive number of milliseconds, or Infinity' : 'a positive, finite number of milliseconds';
    throw new ConcurValidationError(`${field} must be ${rule} (got ${describeValue(value)}).`, { field });
  }
  return value;
}

/**
 * Extract v1.0: list extract definitions, start a job, follow it, and download its file (reference
 * §5). Reached as `concur.extract`. Concur Expense Professional; Standard uses Payment Batch.
 * Every id argument takes the encrypted id, or the full URL Concur returned for it (followed only
 * on the configured host).
 *
 * @example
 * ```ts
 * const [definition] = await concur.extract.listDefinitions();
 * const job = await concur.extract.startJob(definition.id);
 * await concur.extract.waitForJob(definition.id, job.id);
 * const file = await concur.extract.downloadFile(definition.id, job.id);
 * ```
 */
export class ExtractService extends ConcurService {
  /**
   * Every extract definition of the company.
   *
   * @example
   * ```ts
   * const definitions = await concur.extract.listDefinitions();
   * ```
   */
  async listDefinitions(options?: CallOptions): Promise<ExtractDefinition[]> {
    const settings = callSettings(options);
    const response = await this.call(ENDPOINTS.listDefinitions, settings);
    return elements(rootOf(response, 'definitions', 'GET', ENDPOINTS.listDefinitions.path), 'definition').map(readDefinition);
  }

  /**
   * One extract definition. A bad id fails with `NotFoundError` (404).
   *
   * @param definitionId The definition's id, or its URL as Concur returned it.
   * @example
   * ```ts
   * const definition = await concur.extract.getDefinition(definitionId);
   * ```
   */
  async getDefinition(definitionId: string, options?: CallOptions): Promise<ExtractDefinition> {
    const settings = callSettings(options);
    const params = { definitionId: this.#definitionId(definitionId) };
    const response = await this.call(ENDPOINTS.getDefinition, { params, ...settings });
    return readDefinition(rootOf(response, 'definition', 'GET', ENDPOINTS.getDefinition.path));
  }

  /**
   * Starts a job for a definition; Concur answers 201 with the job, status `Queued`. While a job of
   * the definition is queued or running, Concur refuses another with `ConflictError` (409).
   *
   * When an attempt timed out (or its connection broke) after Concur may have queued the job, the
   * retry meets that job and gets a 409. `startJob` then looks the job up with `listJobs` and
   * resolves with the job queued or running, marked `resumed: true`. A 409 on the first attempt
   * (or after attempts Concur refused outright) stays a `ConflictError`, and so does one whose job
   * cannot be found any more (it finished at once, or the job list failed); that error's
   * `mayHaveBeenProcessed` then says whether the job may have been this call's.
   *
   * @example
   * ```ts
   * const job = await concur.extract.startJob(definitionId);
   * if (job.resumed) console.log(`answer lost; following job ${job.id}, which Concur had queued`);
   * ```
   */
  async startJob(definitionId: string, options?: CallOptions): Promise<ExtractJob> {
    const settings = callSettings(options);
    const id = this.#definitionId(definitionId);
    // The body names the definition by its URL (reference §5): the one Concur returned when the
    // caller passed it, otherwise the same URL built on the configured host, with `$` left as
    // Concur writes it in its definition URLs.
    const given = definitionId.includes('://') && linkSegments(definitionId).at(-1) === id ? definitionId.trim() : undefined;
    const url = given ?? this.requester.baseUrl.origin + fillPath(ENDPOINTS.getDefinition.path, { definitionId: id }).replaceAll('%24', '$');
    const body = this.xmlBody(ENDPOINTS.startJob, { id: url });
    try {
      const response = await this.call(ENDPOINTS.startJob, { params: { definitionId: id }, body, ...settings });
      return readJob(rootOf(response, 'job', 'POST', ENDPOINTS.startJob.path), { definitionId: id }, response.headers['location']);
    } catch (error) {
      if (!mayBeOwnConflict(error)) throw error;
      return await resumeStartedJob(error, async () => this.listJobs(id, settings));
    }
  }

  /**
   * The last 100 jobs of a definition.
   *
   * @example
   * ```ts
   * const jobs = await concur.extract.listJobs(definitionId);
   * ```
   */
  async listJobs(definitionId: string, options?: CallOptions): Promise<ExtractJob[]> {
    const settings = callSettings(options);
    const params = { definitionId: this.#definitionId(definitionId) };
    const response = await this.call(ENDPOINTS.listJobs, { params, ...settings });
    return elements(rootOf(response, 'jobs', 'GET', ENDPOINTS.listJobs.path), 'job').map((node) => readJob(node, params));
  }

  /**
   * One job, with `fileLink` once it has finished. A bad definition or job id fails with
   * `NotFoundError` (404).
   *
   * @param jobId The job's id, or its URL as Concur returned it.
   * @example
   * ```ts
   * const job = await concur.extract.getJob(definitionId, jobId);
   * if (job.state === 'completed') console.log(job.fileLink);
   * ```
   */
  async getJob(definitionId: string, jobId: string, options?: CallOptions): Promise<ExtractJob> {
    const settings = callSettings(options);
    return this.#readJob(ENDPOINTS.getJob, this.#jobIds(definitionId, jobId), settings);
  }

  /**
   * A job's status, from the endpoint its `status-link` names (`…/job/{jobId}/status`).
   *
   * @example
   * ```ts
   * const { status } = await concur.extract.getJobStatus(definitionId, jobId);
   * ```
   */
  async getJobStatus(definitionId: string, jobId: string, options?: CallOptions): Promise<ExtractJob> {
    const settings = callSettings(options);
    return this.#readJob(ENDPOINTS.getJobStatus, this.#jobIds(definitionId, jobId), settings);
  }

  /**
   * Polls a job until it has finished and resolves with it. `Completed`, `Complete` and `2` mean
   * finished; `Failed` rejects with {@link ExtractJobFailedError}; passing `timeoutMs` rejects with
   * {@link ExtractJobTimeoutError}; aborting `signal` rejects with `ConcurAbortError`. The waits
   * between polls go through the client's `sleep`. A transient failure of a poll that outlasts
   * the client's retries does not end the wait; any other error does.
   *
   * @example
   * ```ts
   * const done = await concur.extract.waitForJob(definitionId, job.id, {
   *   intervalMs: 60_000,
   *   timeoutMs: 30 * 60_000,
   *   onPoll: (current) => console.log(current.status),
   * });
   * ```
   */
  async waitForJob(definitionId: string, jobId: string, options?: WaitForJobOptions): Promise<ExtractJob> {
    // Here `timeoutMs` bounds the whole wait; each poll keeps the client's per-attempt limit.
    const { signal, retry, ...rest } = callOptions(options);
    const intervalMs = positive(rest.intervalMs, DEFAULT_INTERVAL_MS, 'intervalMs', false);
    const timeoutMs = positive(rest.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs', true);
    const onPoll = functionOption(rest.onPoll, 'onPoll');
    const ids = this.#jobIds(definitionId, jobId);
    const path = fillPath(ENDPOINTS.getJob.path, ids);
    // The limit is kept twice: a timer cuts a request that is still running at the deadline, and
    // the waits are counted, so an injected sleep that returns at once still reaches the limit.
    const deadline = new AbortController();
    const timer = timeoutMs <= MAX_TIMER_MS ? setTimeout(() => deadline.abort(), timeoutMs) : undefined;
    timer?.unref();
    const polling = signal === undefined ? deadline.signal : AbortSignal.any([signal, deadline.signal]);
    const started = Date.now();
    let waitedMs = 0;
    let polls = 0;
    let last: ExtractJob | undefined;
    const timedOut = (): ExtractJobTimeoutError => {
      const seen = last === undefined ? 'no poll succeeded' : `its status was still "${last.status}"`;
      return new ExtractJobTimeoutError(
        `Extract job ${ids.jobId} of definition ${ids.definitionId} had not finished after ${timeoutMs} ms (${polls} polls; ${seen}). The job goes on in Concur: wait again or check it later with getJob.`,
        { ...ids, job: last, timeoutMs, method: 'GET', path, attempts: polls },
      );
    };
    try {
      return await pRetry(
        async () => {
          polls += 1;
          const job = await this.#readJob(ENDPOINTS.getJob, ids, { signal: polling, ...(retry === undefined ? {} : { retry }) });
          last = job;
          await onPoll?.(job);
          if (job.state === 'completed') return job;
          if (job.state === 'failed') {
            throw new ExtractJobFailedError(
              `Extract job ${ids.jobId} of definition ${ids.definitionId} ended with status "${job.status}". Check the job in Concur, then start a new one.`,
              { ...ids, job, method: 'GET', path, attempts: polls },
            );
          }
          throw new JobPending(job.status);
        },
        {
          retries: Number.POSITIVE_INFINITY,
          minTimeout: 0,
          signal: polling,
          shouldRetry: async ({ error }) => {
            const transient = error instanceof ConcurError && !(error instanceof ConcurAbortError) && transientReasonOf(error) !== undefined;
            if (!(error instanceof JobPending) && !transient) return false;
            if (Math.max(Date.now() - started, waitedMs) + intervalMs > timeoutMs) throw timedOut();
            await this.requester.wait(intervalMs, polling);
            waitedMs += intervalMs;
            return true;
          },
        },
      );
    } catch (error) {
      if (signal?.aborted) throw error instanceof ConcurAbortError ? error : abortError({ method: 'GET', path, attempts: polls }, signal.reason);
      if (deadline.signal.aborted && !(error instanceof ExtractJobFailedError) && !(error instanceof ExtractJobTimeoutError)) throw timedOut();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Downloads a finished job's output: CSV when the definition produces one file, a zip archive
   * when it produces several. Without `to` it is returned as a Buffer (within the client's
   * `maxResponseBytes`, 100 MB by default); with `to` (a file path or a stream) it is streamed there
   * in constant memory. `timeoutMs` bounds the wait for each next byte, not the whole transfer.
   *
   * @example
   * ```ts
   * const { contentType, data } = await concur.extract.downloadFile(definitionId, jobId);
   * const saved = await concur.extract.downloadFile(definitionId, jobId, { to: '/var/exports/extract.csv' });
   * ```
   */
  async downloadFile(definitionId: string, jobId: string, options?: CallOptions): Promise<DownloadedFile>;
  async downloadFile(definitionId: string, jobId: string, options: DownloadOptions & { to: DownloadTarget }): Promise<SavedFile>;
  async downloadFile(definitionId: string, jobId: string, options?: DownloadOptions): Promise<DownloadedFile | SavedFile> {
    const checked = callOptions(options);
    const settings = callSettings(options);
    const params = this.#jobIds(definitionId, jobId);
    return download(checked, async (sink) => this.call<Buffer>(ENDPOINTS.downloadFile, { params, ...settings, sink }));
  }

  async #readJob(endpoint: EndpointSpec, ids: JobIds, settings: CallSettings): Promise<ExtractJob> {
    const response = await this.call(endpoint, { params: ids, ...settings });
    return readJob(rootOf(response, 'job', endpoint.method, endpoint.path), ids);
  }

  #jobIds(definitionId: string, jobId: string): JobIds {
    return { definitionId: this.#definitionId(definitionId), jobId: this.#idFrom(jobId, 'job', 'jobId') };
  }

  #definitionId(value: string): string {
    return this.#idFrom(value, 'v1.0', 'definitionId');
  }

  /** An id as given, or the segment after `keyword` in a URL Concur returned (see resolveLink). */
  #idFrom(value: string, keyword: string, field: string): string {
    idArgument(value, field, 'pass the encrypted id, or the URL Concur returned for it');
    if (!value.includes('://')) return value;
    const segments = this.link(value).path.split('/').filter((segment) => segment !== '');
    const at = keyword === 'job' ? segments.lastIndexOf(keyword) : segments.indexOf(keyword);
    const id = at >= 0 ? segments[at + 1] : undefined;
    if (id === undefined) {
      throw new ConcurValidationError(`The URL given as ${field} holds no "${keyword}/{id}" part: "${value.slice(0, 200)}".`, { field });
    }
    return decodeSegment(id);
  }
}
