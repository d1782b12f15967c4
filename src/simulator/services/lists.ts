import type { XmlElement } from '../../xml/nodes.js';
import { SimHttpError, type Route, type SimContext, type SimRequest, type SimResponse } from '../http-types.js';
import type { SimList, SimListItem } from '../state/lists.js';
import { checkBatchSize, field, itemsOf, readXmlBody } from '../xml-input.js';
import { NAMESPACES, xmlResponse } from '../xml-responses.js';
import { ItemProblem, batchResultResponse, tallyItems } from './batch-result.js';
import { apiLink, isCalendarDate, linkSegment } from './links.js';

// List Item v1.0 (reference §3).
const BASE = '/api/expense/list/v1.0';
const MAX_LEVELS = 10;
const BATCH_TYPES = ['create', 'update', 'delete'] as const;
type BatchType = (typeof BATCH_TYPES)[number];

function listUrl(context: SimContext, list: SimList): string {
  return apiLink(context, `${BASE}/${linkSegment(list.id)}`);
}

function listElement(context: SimContext, list: SimList): Record<string, string | number> {
  const url = listUrl(context, list);
  return { id: url, 'items-link': `${url}/items`, 'batch-link': `${url}/batch`, name: list.name, 'is-vendor': String(list.isVendor), levels: list.levels };
}

function requireList(request: SimRequest, context: SimContext): SimList {
  const id = request.params['listId'] ?? '';
  const list = context.state.lists.get(id);
  if (list === undefined) throw new SimHttpError(404, `No list has the id ${id}.`);
  return list;
}

function itemElement(context: SimContext, list: SimList, item: SimListItem): Record<string, string> {
  const element: Record<string, string> = { name: item.name };
  item.codes.forEach((code, index) => {
    element[`level${index + 1}code`] = code;
  });
  element['items-link'] = `${listUrl(context, list)}/items/${linkSegment(item.codes[item.codes.length - 1] ?? '')}`;
  return element;
}

function getItems(request: SimRequest, context: SimContext): SimResponse {
  const list = requireList(request, context);
  const parentCode = request.params['parentCode'] ?? request.query.get('parentCode') ?? undefined;
  const filter = request.query.get('filter')?.toLowerCase();
  let items = parentCode === undefined || parentCode === '' ? list.childrenOf([]) : list.childrenOfCode(parentCode);
  if (filter !== undefined && filter !== '') {
    items = items.filter((item) => item.name.toLowerCase().includes(filter) || (item.codes[item.codes.length - 1] ?? '').toLowerCase().includes(filter));
  }
  return xmlResponse('list-items', { 'list-item': items.map((item) => itemElement(context, list, item)) }, NAMESPACES.list);
}

/** Reads and checks one batch item against Concur's codes 1003-1025. */
function readItem(node: XmlElement, list: SimList, type: BatchType): { codes: string[]; name: string | undefined; start?: string; end?: string } {
  const codes: string[] = [];
  let gap = 0;
  for (let level = 1; level <= MAX_LEVELS; level += 1) {
    const code = field(node, `level${level}code`);
    if (code === undefined) {
      gap ||= level;
      continue;
    }
    if (gap !== 0) throw new ItemProblem(1012, `Level codes cannot be skipped: level${level}code is given without level${gap}code.`);
    if (code === '' || code.length > 32 || code.includes('-')) throw new ItemProblem(1012 + level, `Invalid level${level}Code: codes are 1 to 32 characters without hyphens.`);
    codes.push(code);
  }
  if (codes.length === 0) throw new ItemProblem(1010, 'At least one level code must be specified.');
  if (codes.length > list.levels) {
    throw new ItemProblem(1011, list.levels === 1 ? 'Only one level code is allowed for this list.' : `Only ${list.levels} level codes are allowed for this list.`);
  }
  const name = field(node, 'name');
  if (type !== 'delete') {
    if (name === undefined) throw new ItemProblem(1004, 'The item name must be specified.');
    if (name.trim() === '') throw new ItemProblem(1005, 'The item name cannot be empty.');
    if (name.length > 64) throw new ItemProblem(1006, 'The item name cannot be longer than 64 characters.');
  }
  const start = field(node, 'start-date');
  const end = field(node, 'end-date');
  if (type === 'delete' || (start === undefined && end === undefined)) return { codes, name };
  if (start === undefined || end === undefined) throw new ItemProblem(1003, 'The start date and the end date must be given together.');
  if (!isCalendarDate(start)) throw new ItemProblem(1023, `Invalid start date ${start}; use YYYY-MM-DD.`);
  if (!isCalendarDate(end)) throw new ItemProblem(1024, `Invalid end date ${end}; use YYYY-MM-DD.`);
  if (start >= end) throw new ItemProblem(1025, 'The start date must precede the end date.');
  return { codes, name, start, end };
}

/** Applies one item to the list, or names the Concur error (2002-2007) that stops it. */
function applyItem(list: SimList, type: BatchType, item: ReturnType<typeof readItem>): void {
  const existing = list.item(item.codes);
  if (type === 'create') {
    if (existing !== undefined) throw existing.deleted ? new ItemProblem(2005, 'The item exists as a deleted item.') : new ItemProblem(2004, 'The item already exists.');
    const parent = item.codes.length > 1 ? list.item(item.codes.slice(0, -1)) : undefined;
    if (item.codes.length > 1 && (parent === undefined || parent.deleted)) throw new ItemProblem(2007, 'The parent item does not exist.');
    list.insert({ codes: item.codes, name: item.name ?? '', startDate: item.start, endDate: item.end, deleted: false });
    return;
  }
  if (existing === undefined) {
    throw type === 'update' ? new ItemProblem(2002, 'Update failed: the item does not exist.') : new ItemProblem(2003, 'Delete failed: the item does not exist.');
  }
  if (type === 'delete') {
    if (existing.deleted) throw new ItemProblem(2003, 'Delete failed: the item is already deleted.');
    list.markDeleted(existing);
    return;
  }
  if (existing.deleted) throw new ItemProblem(2005, 'The item exists as a deleted item.');
  existing.name = item.name ?? existing.name;
  if (item.start !== undefined) {
    existing.startDate = item.start;
    existing.endDate = item.end;
  }
}

function deepestCode(node: XmlElement): string {
  for (let level = MAX_LEVELS; level >= 1; level -= 1) {
    const code = field(node, `level${level}code`);
    if (code !== undefined && code !== '') return code;
  }
  return '';
}

function postBatch(request: SimRequest, context: SimContext): SimResponse {
  const list = requireList(request, context);
  const type = request.query.get('type')?.toLowerCase();
  if (type === undefined || !(BATCH_TYPES as readonly string[]).includes(type)) {
    throw new SimHttpError(400, 'The batch type parameter is missing or invalid; use type=create, type=update or type=delete.');
  }
  const root = readXmlBody(request, 'list-item-batch', { namespace: NAMESPACES.list }, 'No list-item-batch element was found (code 1001).');
  const nodes = itemsOf(root, 'list-item');
  checkBatchSize(nodes.length, 'list items');
  const batchType = type as BatchType;
  const tally = tallyItems(nodes, (node) => applyItem(list, batchType, readItem(node, list, batchType)), (node) => ({ 'list-item-code': deepestCode(node) }));
  return batchResultResponse('list-item-batch-result', NAMESPACES.list, tally);
}

/** The List Item v1.0 endpoints. */
export const listRoutes: Route[] = [
  { method: 'GET', paths: [`${BASE}/`], handler: (_request, context) => xmlResponse('lists', { list: context.state.lists.all().map((list) => listElement(context, list)) }, NAMESPACES.list) },
  // Some examples post to `.../v1.0/list/{listID}/batch`; the returned batch-link has no `list/` (reference §3).
  { method: 'POST', paths: [`${BASE}/list/{listId}/batch`, `${BASE}/{listId}/batch`], handler: postBatch },
  { method: 'GET', paths: [`${BASE}/{listId}/items`, `${BASE}/{listId}/items/{parentCode}`], handler: getItems },
  { method: 'GET', paths: [`${BASE}/{listId}`], handler: (request, context) => xmlResponse('list', listElement(context, requireList(request, context)), NAMESPACES.list) },
];
