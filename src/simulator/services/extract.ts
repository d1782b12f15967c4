import { SimHttpError, type Route, type SimContext, type SimRequest, type SimResponse } from '../http-types.js';
import type { SimExtractDefinition, SimExtractJob } from '../state/extract.js';
import { field, readXmlBody } from '../xml-input.js';
import { NAMESPACES, rawResponse, xmlResponse } from '../xml-responses.js';
import { apiLink, linkSegment } from './links.js';

// Extract v1.0 (reference §5). Job status follows the clock: Queued, Running, then Completed.
const BASE = '/api/expense/extract/v1.0';

function definitionUrl(context: SimContext, definition: SimExtractDefinition): string {
  return apiLink(context, `${BASE}/${linkSegment(definition.id)}`);
}

function definitionElement(context: SimContext, definition: SimExtractDefinition): Record<string, string> {
  const url = definitionUrl(context, definition);
  return { id: url, 'job-link': `${url}/job`, name: definition.name };
}

/** Times are UTC, without zone, as most of Concur's examples write them. */
function utc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

function jobElement(context: SimContext, job: SimExtractJob): Record<string, string | undefined> {
  const { extract } = context.state;
  const definition = extract.definition(job.definitionId);
  const url = `${definition === undefined ? '' : definitionUrl(context, definition)}/job/${linkSegment(job.id)}`;
  const status = extract.statusOf(job);
  const stoppedAt = extract.stoppedAt(job);
  return {
    id: url,
    'status-link': `${url}/status`,
    'start-time': utc(job.startedAt),
    'stop-time': stoppedAt === undefined ? undefined : utc(stoppedAt),
    status: status === 'Completed' ? extract.completedStatus : status,
    'file-link': status === 'Completed' ? `${url}/file` : undefined,
  };
}

function requireDefinition(request: SimRequest, context: SimContext): SimExtractDefinition {
  const id = request.params['definitionId'] ?? '';
  const definition = context.state.extract.definition(id);
  if (definition === undefined) throw new SimHttpError(404, `The Definition ID ${id} is not valid.`);
  return definition;
}

function requireJob(request: SimRequest, context: SimContext): SimExtractJob {
  const definition = requireDefinition(request, context);
  const id = request.params['jobId'] ?? '';
  const job = context.state.extract.job(definition.id, id);
  if (job === undefined) throw new SimHttpError(404, `The Job ID ${id} is not valid.`);
  return job;
}

function lastSegment(url: string): string {
  const segment = url.replace(/\/+$/, '').split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function startJob(request: SimRequest, context: SimContext): SimResponse {
  const definition = requireDefinition(request, context);
  // The body is `definition` with `id` = the definition's URL (reference §5).
  const root = readXmlBody(request, 'definition', { namespace: NAMESPACES.extract });
  const named = field(root, 'id');
  if (named === undefined || named === '') throw new SimHttpError(400, 'The request is missing a required field: id (the definition URL).');
  if (lastSegment(named) !== definition.id) throw new SimHttpError(400, `The definition id in the body (${named}) does not match the URI.`);
  const job = context.state.extract.startJob(definition);
  if (job === undefined) throw new SimHttpError(409, 'A job for the specified definition is already queued or running.');
  const element = jobElement(context, job);
  return xmlResponse('job', element, NAMESPACES.extract, 201, { Location: element['id'] ?? '' });
}

function jobFile(request: SimRequest, context: SimContext): SimResponse {
  const job = requireJob(request, context);
  const status = context.state.extract.statusOf(job);
  if (status === 'Failed') throw new SimHttpError(404, 'The job failed and has no file.');
  if (status !== 'Completed') throw new SimHttpError(400, `The job is ${status}; its file is not available until it has completed.`);
  return rawResponse(200, context.state.extract.fileOf(job), 'text/csv; charset=utf-8', { 'Content-Disposition': 'attachment; filename="extract.csv"' });
}

/** The Extract v1.0 endpoints. */
export const extractRoutes: Route[] = [
  {
    method: 'GET',
    paths: [`${BASE}/`],
    handler: (_request, context) =>
      xmlResponse('definitions', { definition: context.state.extract.definitions().map((definition) => definitionElement(context, definition)) }, NAMESPACES.extract),
  },
  { method: 'GET', paths: [`${BASE}/{definitionId}`], handler: (request, context) => xmlResponse('definition', definitionElement(context, requireDefinition(request, context)), NAMESPACES.extract) },
  { method: 'POST', paths: [`${BASE}/{definitionId}/job`], handler: startJob },
  {
    method: 'GET',
    paths: [`${BASE}/{definitionId}/job`],
    handler: (request, context) => {
      const definition = requireDefinition(request, context);
      return xmlResponse('jobs', { job: context.state.extract.listed(definition.id).map((job) => jobElement(context, job)) }, NAMESPACES.extract);
    },
  },
  { method: 'GET', paths: [`${BASE}/{definitionId}/job/{jobId}`, `${BASE}/{definitionId}/job/{jobId}/status`], handler: (request, context) => xmlResponse('job', jobElement(context, requireJob(request, context)), NAMESPACES.extract) },
  { method: 'GET', paths: [`${BASE}/{definitionId}/job/{jobId}/file`], handler: jobFile },
];
