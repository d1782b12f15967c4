import { SimHttpError, type Route, type SimContext, type SimRequest, type SimResponse } from '../http-types.js';
import type { SimPaymentBatch } from '../state/payment-batches.js';
import { NAMESPACES, rawResponse, xmlResponse } from '../xml-responses.js';
import { apiLink, fileUrl, linkSegment } from './links.js';

// Payment Batch v1.1 / v1.2 (reference §7).
const V11 = '/api/expense/paymentbatch/v1.1';
const V12 = '/api/expense/paymentbatch/v1.2';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function summary(context: SimContext, batch: SimPaymentBatch): Record<string, string | number> {
  const store = context.state.paymentBatches;
  return {
    BatchName: batch.name,
    BatchID: batch.batchId,
    BatchTotal: store.totalOf(batch).toFixed(2),
    Currency: batch.currency,
    Count: batch.reports.length,
    Type: batch.type,
    PaymentMethod: batch.paymentMethod,
    'Batch-URL': apiLink(context, `${V11}/batch/${linkSegment(batch.id)}`),
  };
}

function batchList(request: SimRequest, context: SimContext): SimResponse {
  // The 2013 page filters by a path segment (`batchlist/OPEN`); the current one names a `Status`
  // parameter. Both are accepted.
  const filter = (request.params['status'] ?? request.query.get('Status') ?? request.query.get('status') ?? '').toUpperCase();
  if (filter !== '' && filter !== 'OPEN' && filter !== 'CLOSED') throw new SimHttpError(400, `Invalid batch status ${filter}; use OPEN or CLOSED.`);
  const store = context.state.paymentBatches;
  const batches = store.all().filter((batch) => filter === '' || store.statusOf(batch) === filter);
  return xmlResponse('BatchList', { BatchSummary: batches.map((batch) => summary(context, batch)) }, NAMESPACES.paymentBatch);
}

function requireBatch(request: SimRequest, context: SimContext): SimPaymentBatch {
  const id = request.params['batchId'] ?? '';
  const store = context.state.paymentBatches;
  const batch = store.get(id);
  if (batch !== undefined) return batch;
  // The plain BatchID GUID must not be used in URLs (2013 page): a 400 says so.
  if (GUID.test(id) && store.byBatchId(id) !== undefined) throw new SimHttpError(400, 'The Batch ID in the URI is invalid: use the encrypted id from Batch-URL, not BatchID.');
  throw new SimHttpError(404, `The Batch ID ${id} is not valid.`);
}

function refuseEmpty(batch: SimPaymentBatch): void {
  if (batch.reports.length === 0) {
    throw new SimHttpError(500, 'Not Closed: the batch contains no reports. If you recently approved reports for payment, wait 30 minutes and try again.');
  }
}

/** v1.1: closes at once (again for a closed batch: the file is written anew) and returns File-Url. */
function closeSync(request: SimRequest, context: SimContext): SimResponse {
  const batch = requireBatch(request, context);
  refuseEmpty(batch);
  const key = context.state.paymentBatches.closeNow(batch);
  return xmlResponse(
    'BatchStatus',
    { BatchStatus: 'CLOSED', 'File-Url': fileUrl(context, `${V11}/batch/${linkSegment(key)}/file`), Status: 'SUCCESS' },
    NAMESPACES.paymentBatch,
  );
}

/** v1.2: accepts the close; the batch lists as CLOSED once `closeDurationMs` has passed. */
function closeAsync(request: SimRequest, context: SimContext): SimResponse {
  const batch = requireBatch(request, context);
  refuseEmpty(batch);
  const jobQueueKey = context.state.paymentBatches.closeLater(batch);
  // The v1.2 root element is UNCONFIRMED; the 2013 close response's root is used.
  return xmlResponse('BatchStatus', { Status: 'SUCCESS', JobQueueKey: jobQueueKey }, NAMESPACES.paymentBatch);
}

function batchFile(request: SimRequest, context: SimContext): SimResponse {
  const key = request.params['fileKey'] ?? '';
  const store = context.state.paymentBatches;
  const batch = store.fileBatch(key);
  if (batch === undefined) throw new SimHttpError(404, `No batch file has the key ${key}.`);
  return rawResponse(200, store.fileOf(batch), 'text/csv; charset=utf-8', { 'Content-Disposition': 'attachment; filename="payment-batch.csv"' });
}

/** The Payment Batch endpoints. */
export const paymentBatchRoutes: Route[] = [
  { method: 'GET', paths: [`${V11}/batchlist`, `${V11}/batchlist/{status}`], handler: batchList },
  { method: 'POST', paths: [`${V11}/batch/{batchId}/close`], handler: closeSync },
  { method: 'POST', paths: [`${V12}/batch/{batchId}/close`], handler: closeAsync },
  { method: 'GET', paths: [`${V11}/batch/{fileKey}/file`], handler: batchFile },
];
