import type { ConcurResponse } from '../core/decode.js';
import type { DownloadSink } from '../core/download.js';
import type { CallOptions } from '../core/options.js';
import { cleanLink, linkSegments } from '../core/path.js';
import { apiErrorOptionsOf } from '../errors/api-error.js';
import { InternalServerError } from '../errors/status-errors.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { callOptions, callSettings, flagOption, idArgument, type CallSettings } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import { childText, elements, isElement, type XmlElement } from '../xml/nodes.js';
import { download, type DownloadedFile, type DownloadOptions, type DownloadTarget, type SavedFile } from './files.js';
import { ConcurService, defineEndpoints, integerOf, rootOf } from './service.js';

// Payment Batch v1.1 / v1.2 (reference §7). Responses carry the
// `http://www.concursolutions.com/api/expense/paymentbatch/2011/11` namespace and are read
// whatever their namespace; no request has content.
const ENDPOINTS = defineEndpoints({
  list: { method: 'GET', path: '/api/expense/paymentbatch/v1.1/batchlist/' },
  // The 2013 page and Concur's test tool filter with a path segment; the current page's `Status`
  // parameter (typed "Boolean") is taken as a mistake, and the query form is UNCONFIRMED (§7).
  listByStatus: { method: 'GET', path: '/api/expense/paymentbatch/v1.1/batchlist/{status}' },
  closeAsync: { method: 'POST', path: '/api/expense/paymentbatch/v1.2/batch/{batchId}/close' },
  close: { method: 'POST', path: '/api/expense/paymentbatch/v1.1/batch/{batchId}/close' },
  downloadFile: { method: 'GET', path: '/api/expense/paymentbatch/v1.1/batch/{jobRunKey}/file', responseType: 'binary', download: true },
});

/** The status filter of {@link PaymentBatchesService.list}. */
export type PaymentBatchStatus = 'OPEN' | 'CLOSED';

/** A payment batch, as the batch list returns it. */
export interface PaymentBatchSummary {
  /** The batch's encrypted id, read from `Batch-URL`: the id the close and file calls take. */
  id: string;
  /**
   * `Batch-URL` (also spelled `Batch-Url`) as returned: the base URL of the batch's actions. A
   * space after the scheme, as in Concur's samples, is removed.
   */
  batchUrl: string;
  /** `BatchName`: the name shown in Payment Manager. */
  batchName: string;
  /**
   * `BatchID`: the batch's plain id (a GUID). Concur's documentation says not to use it in a URL;
   * the methods of this service refuse it and take {@link PaymentBatchSummary.id} instead.
   */
  batchId: string;
  /** `BatchTotal`: the batch's total amount (0 when Concur leaves it out). */
  batchTotal: number;
  /** `Currency`: ISO 4217 code of the total. */
  currency: string;
  /** `Count`: the number of payment demands in the batch (0 when Concur leaves it out). */
  count: number;
  /** `Type`: who is paid, `Employee` or `Card Program`. */
  type: string;
  /**
   * `PaymentMethod`: `Expense Pay by Concur` (also `… by SAP Concur`), `Company Check (via Accounts
   * Payable)`, `ADP (via EPIP file)` or `Other Reimbursement Methods`.
   */
  paymentMethod: string;
}

/** Options of {@link PaymentBatchesService.list}. */
export interface ListPaymentBatchesOptions extends CallOptions {
  /**
   * Only the open, or only the closed, batches.
   * @default undefined (all batches)
   */
  status?: PaymentBatchStatus;
}

/** Options of {@link PaymentBatchesService.close}. */
export interface ClosePaymentBatchOptions extends CallOptions {
  /**
   * Close asynchronously (v1.2): Concur answers at once with `status` and `jobQueueKey`, and no
   * `fileUrl`. Recommended for large batches, whose synchronous close can exceed Concur's time
   * limit; then watch the batch with `list({ status: 'CLOSED' })` and call `close` again without
   * `async` to get the file URL. Otherwise the close is synchronous (v1.1) and returns `fileUrl`.
   * @default false
   */
  async?: boolean;
}

/** What Concur answered to a close. Every field is as returned, and absent when Concur left it out. */
export interface PaymentBatchCloseResult {
  /** `BatchStatus`: the batch's status now, e.g. `CLOSED`. */
  batchStatus?: string;
  /** `File-Url`: where to download the batch file (synchronous close). */
  fileUrl?: string;
  /** `Status`: the outcome of the close request, e.g. `SUCCESS`. */
  status?: string;
  /** `JobQueueKey`: the id of the close job. */
  jobQueueKey?: string;
}

// The plain BatchID is a GUID; the encrypted id never has this shape.
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

/** The decoded segment after `keyword` in a URL or path, only read here, never requested. */
function segmentAfter(url: string, keyword: string): string | undefined {
  const segments = linkSegments(url);
  const at = segments.findIndex((segment) => segment.toLowerCase() === keyword);
  return at >= 0 ? segments[at + 1] : undefined;
}

/** A decimal amount, or 0 when there is none, it is not one, or it is too large to be a number (Infinity). */
function decimalOf(text: string | undefined): number {
  const value = text !== undefined && /^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : 0;
  return Number.isFinite(value) ? value : 0;
}

function readSummary(node: XmlElement): PaymentBatchSummary {
  // The reference spells `Batch-URL`, the official sample reads `Batch-Url`: childText matches
  // element names case-insensitively, so both are read (reference §7).
  const batchUrl = cleanLink(childText(node, 'Batch-URL') ?? '');
  return {
    id: segmentAfter(batchUrl, 'batch') ?? '',
    batchUrl,
    batchName: childText(node, 'BatchName') ?? '',
    batchId: childText(node, 'BatchID') ?? '',
    batchTotal: decimalOf(childText(node, 'BatchTotal')),
    currency: childText(node, 'Currency') ?? '',
    count: integerOf(childText(node, 'Count')) ?? 0,
    type: childText(node, 'Type') ?? '',
    paymentMethod: childText(node, 'PaymentMethod') ?? '',
  };
}

/**
 * Payment Batch v1.1 / v1.2: list payment batches, close one, and download its batch file
 * (reference §7). Reached as `concur.paymentBatches`. Concur Expense Standard; Professional uses
 * Extract. Ask the client not to close batches by hand in Payment Manager while this runs.
 *
 * @example
 * ```ts
 * const [batch] = await concur.paymentBatches.list({ status: 'OPEN' });
 * const { fileUrl } = await concur.paymentBatches.close(batch);
 * const file = await concur.paymentBatches.downloadFile(fileUrl!);
 * ```
 */
export class PaymentBatchesService extends ConcurService {
  /**
   * The company's payment batches, optionally only the open or the closed ones.
   *
   * @example
   * ```ts
   * const open = await concur.paymentBatches.list({ status: 'OPEN' });
   * ```
   */
  async list(options?: ListPaymentBatchesOptions): Promise<PaymentBatchSummary[]> {
    const { status } = callOptions(options);
    const settings = callSettings(options);
    const filter = typeof status === 'string' ? status.trim().toUpperCase() : status;
    if (filter !== undefined && filter !== 'OPEN' && filter !== 'CLOSED') {
      throw new ConcurValidationError(`status must be 'OPEN' or 'CLOSED', or left out for all batches (got ${describeValue(status)}).`, { field: 'status' });
    }
    const response =
      filter === undefined ? await this.call(ENDPOINTS.list, settings) : await this.call(ENDPOINTS.listByStatus, { params: { status: filter }, ...settings });
    return elements(rootOf(response, 'BatchList', 'GET', ENDPOINTS.list.path), 'BatchSummary').map(readSummary);
  }

  /**
   * Closes a batch: no new expenses enter it, and Concur produces its batch file. Closing a batch
   * that is already closed produces the file again. A 500 means Concur could not close it (for
   * example, it holds no reports yet): the `InternalServerError` says so and what to do.
   *
   * @param batch A summary from {@link PaymentBatchesService.list}, its encrypted `id`, or its
   * `Batch-URL`; never the plain `BatchID`.
   * @example
   * ```ts
   * const result = await concur.paymentBatches.close(batch);
   * if (result.fileUrl) await concur.paymentBatches.downloadFile(result.fileUrl);
   * ```
   */
  async close(batch: PaymentBatchSummary | string, options?: ClosePaymentBatchOptions): Promise<PaymentBatchCloseResult> {
    const { async: asynchronous } = callOptions(options);
    const settings = callSettings(options);
    const batchId = this.#batchId(batch);
    const endpoint = flagOption(asynchronous, 'async') === true ? ENDPOINTS.closeAsync : ENDPOINTS.close;
    // Concur's samples post an empty body to `Batch-URL/close` (reference §7). An empty string is
    // sent as an empty XML body (Content-Length 0), not as axios' default form content type.
    const response = await this.call(endpoint, { params: { batchId }, body: '', ...settings }).catch((error: unknown) => {
      throw error instanceof InternalServerError ? explainCloseFailure(error) : error;
    });
    // The v1.1 root is `BatchStatus`; the v1.2 root is UNCONFIRMED, so any root is read (§7).
    const data = response.data as unknown;
    if (data === undefined) return {};
    const rootName = isElement(data as XmlElement) ? Object.keys(data as XmlElement).find((key) => key !== 'Error' && !key.startsWith('@_')) : undefined;
    const root = rootOf(response, rootName ?? 'BatchStatus', endpoint.method, endpoint.path);
    const result: PaymentBatchCloseResult = {};
    const fields = { batchStatus: 'BatchStatus', fileUrl: 'File-Url', status: 'Status', jobQueueKey: 'JobQueueKey' } as const;
    for (const [key, element] of Object.entries(fields) as [keyof PaymentBatchCloseResult, string][]) {
      const value = childText(root, element);
      if (value !== undefined) result[key] = key === 'fileUrl' ? cleanLink(value) : value;
    }
    return result;
  }

  /**
   * Downloads a batch file: CSV for one file, a zip archive when there are several (for example an
   * `.IIF` and a `.CSV` for QuickBooks). Pass the `fileUrl` of a close as returned: its path is
   * requested on the configured host; a link outside that host and `concursolutions.com` is refused.
   * `timeoutMs` bounds the wait for each next byte, not the whole transfer.
   *
   * Without `to` the file is returned as a Buffer (within the client's `maxResponseBytes`, 100 MB by
   * default); with `to` (a file path or a stream) it is streamed there in constant memory.
   *
   * @param fileUrlOrId The `File-Url` Concur returned, or the job run key it names.
   * @example
   * ```ts
   * const { contentType, data } = await concur.paymentBatches.downloadFile(result.fileUrl!);
   * const saved = await concur.paymentBatches.downloadFile(result.fileUrl!, { to: 'payments.csv' });
   * ```
   */
  async downloadFile(fileUrlOrId: string, options?: CallOptions): Promise<DownloadedFile>;
  async downloadFile(fileUrlOrId: string, options: DownloadOptions & { to: DownloadTarget }): Promise<SavedFile>;
  async downloadFile(fileUrlOrId: string, options?: DownloadOptions): Promise<DownloadedFile | SavedFile> {
    const checked = callOptions(options);
    const settings = callSettings(options);
    idArgument(fileUrlOrId, 'fileUrlOrId', 'pass the File-Url Concur returned when the batch was closed');
    return download(checked, async (sink) =>
      fileUrlOrId.includes('://')
        ? this.#follow(cleanLink(fileUrlOrId), settings, sink)
        : this.call<Buffer>(ENDPOINTS.downloadFile, { params: { jobRunKey: fileUrlOrId }, ...settings, sink }),
    );
  }

  /** GETs a link Concur returned, as bytes; the link must point at the configured host. */
  async #follow(url: string, settings: CallSettings, sink: DownloadSink | undefined): Promise<ConcurResponse<Buffer>> {
    const { path, query } = this.link(url);
    return this.requester.request<Buffer>(
      {
        method: 'GET',
        path,
        ...(Object.keys(query).length === 0 ? {} : { query }),
        responseType: 'binary',
        download: true,
        ...settings,
      },
      sink === undefined ? {} : { sink },
    );
  }

  #batchId(batch: PaymentBatchSummary | string): string {
    // A summary's id was read from its Batch-URL already; using it keeps working when Concur's
    // links name another host than the configured one (reference §1.5: links carry typos).
    const given = typeof batch === 'object' && batch !== null ? batch.id || batch.batchUrl : batch;
    if (typeof given !== 'string' || given.trim() === '') {
      const shown = typeof batch === 'object' && batch !== null ? 'an object whose id and batchUrl are not text' : describeValue(batch);
      throw new ConcurValidationError(`batch must be a batch from list(), its encrypted id, or its Batch-URL (got ${shown}).`, { field: 'batch' });
    }
    if (given.includes('://')) {
      const id = segmentAfter(this.link(cleanLink(given)).path, 'batch');
      if (id === undefined) throw new ConcurValidationError(`The Batch-URL holds no "batch/{id}" part: "${given.slice(0, 200)}".`, { field: 'batch' });
      return id;
    }
    if (GUID.test(given.trim())) {
      throw new ConcurValidationError(
        'This looks like the plain BatchID (a GUID), which Concur does not accept in a URL; pass the batch from list(), or the encrypted id from its Batch-URL.',
        { field: 'batch' },
      );
    }
    return given;
  }
}

/** The same 500, with a message that says why Concur refuses to close a batch (reference §7). */
function explainCloseFailure(error: InternalServerError): InternalServerError {
  const quoted = error.serverMessage === undefined ? '' : ` Concur said: "${error.serverMessage.slice(0, 300)}".`;
  const cid = error.correlationId === undefined ? '' : ` Correlation id: ${error.correlationId}.`;
  return new InternalServerError(
    `${error.method ?? 'POST'} ${error.path ?? ''} failed with HTTP 500: the payment batch could not be closed.${quoted} Concur refuses to close a batch that holds no reports; if you recently approved reports for payment, wait 30 minutes and try again.${cid}`,
    { ...apiErrorOptionsOf(error), method: error.method ?? 'POST', path: error.path ?? '', attempts: error.attempts ?? 1, cause: error },
  );
}
