import { linkSegments } from '../core/path.js';
import type { ChunkReport } from '../batch/reconcile.js';
import type { ItemProblem } from '../batch/types.js';
import { describeValue, quoteText } from '../internal/describe.js';
import { childText, type XmlElement } from '../xml/nodes.js';
import type { ListItem, ListItemCodes, ListItemInput, ListItemKey, ListSummary } from './list-items.js';
import { ProblemList, textProblem } from './fields.js';
import { integerOf, readCountedBatchResult } from './service.js';

// How List Item v1.0 items look on the wire and how its answers read (reference §3): kept apart
// from the service so the benchmark measures exactly this code.

const MAX_LEVELS = 10;

// The key names of levels 1 to 10, built once: they are read for every level of every item.
const LEVEL_KEYS = Array.from({ length: MAX_LEVELS }, (_, i) => `level${i + 1}Code` as keyof ListItemCodes);
const WIRE_LEVEL_KEYS = Array.from({ length: MAX_LEVELS }, (_, i) => `level${i + 1}code`);

function levelKey(level: number): keyof ListItemCodes {
  return LEVEL_KEYS[level - 1] as keyof ListItemCodes;
}

/** Concur's error names the failed record by a level code: its deepest one (reference §3). @internal */
export function deepestCode(item: ListItemCodes): string | undefined {
  for (let level = MAX_LEVELS; level >= 1; level -= 1) {
    const code = item[levelKey(level)];
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

function readCodes(node: XmlElement): ListItemCodes {
  const codes: Partial<Record<keyof ListItemCodes, string>> = {};
  WIRE_LEVEL_KEYS.forEach((wireKey, i) => {
    const code = childText(node, wireKey);
    if (code !== undefined) codes[LEVEL_KEYS[i] as keyof ListItemCodes] = code;
  });
  return codes as ListItemCodes;
}

/** A `list` element as a {@link ListSummary}. @internal */
export function readListSummary(node: XmlElement): ListSummary {
  const url = childText(node, 'id') ?? '';
  const list: ListSummary = {
    id: linkSegments(url).at(-1) ?? '',
    url,
    name: childText(node, 'name') ?? '',
    isVendor: childText(node, 'is-vendor')?.toLowerCase() === 'true',
    levels: integerOf(node['levels']) ?? 1,
  };
  const itemsLink = childText(node, 'items-link');
  const batchLink = childText(node, 'batch-link');
  if (itemsLink !== undefined) list.itemsLink = itemsLink;
  if (batchLink !== undefined) list.batchLink = batchLink;
  return list;
}

/** A level code: 1 to 32 characters without hyphens (reference §3, errors 1003–1012). */
function codeProblem(code: unknown): string | undefined {
  if (typeof code !== 'string') return `must be a string (got ${describeValue(code)})`;
  if (code.trim() === '' || code.length > 32 || code.includes('-')) return `must be 1 to 32 characters without hyphens (got ${quoteText(code)})`;
  return textProblem(code, { max: 32 });
}

/**
 * Every problem of a list item, in the client-side form of Concur's list item errors 1003–1025:
 * empty when the item can be sent. The name is required to create and update, not to delete.
 * @internal
 */
export function listItemProblems(item: unknown, nameRequired: boolean): ItemProblem[] {
  const problems = new ProblemList();
  const fields = problems.object(item, 'item', 'must be an object such as { level1Code, name }');
  if (fields === undefined) return problems.list;
  let gap = 0;
  for (let level = 1; level <= MAX_LEVELS; level += 1) {
    const key = levelKey(level);
    const code = fields[key];
    if (code === undefined) {
      gap ||= level;
      continue;
    }
    if (gap !== 0) problems.add(key, `is set but ${levelKey(gap)} is not; levels cannot be skipped`);
    problems.check(key, codeProblem(code));
  }
  if (fields['level1Code'] === undefined) problems.add('level1Code', 'is required');
  if (nameRequired || fields['name'] !== undefined) problems.text(fields, 'name', { max: 64, required: true });
  const hasStart = fields['startDate'] !== undefined;
  const hasEnd = fields['endDate'] !== undefined;
  if (hasStart !== hasEnd) problems.add(hasStart ? 'endDate' : 'startDate', `is required with ${hasStart ? 'startDate' : 'endDate'}: give both dates or neither`);
  const startOk = problems.date(fields, 'startDate');
  const endOk = problems.date(fields, 'endDate');
  const [startDate, endDate] = [fields['startDate'] as string, fields['endDate'] as string];
  if (startOk && endOk && startDate >= endDate) problems.add('endDate', `must come after startDate (got ${endDate}, startDate ${startDate})`);
  return problems.list;
}

/** An item in its wire form: `level1code`…, `start-date`, `end-date`. @internal */
export function listItemToWire(item: ListItemKey): Record<string, string | undefined> {
  const wire: Record<string, string | undefined> = { name: item.name };
  WIRE_LEVEL_KEYS.forEach((wireKey, i) => {
    wire[wireKey] = item[LEVEL_KEYS[i] as keyof ListItemCodes];
  });
  wire['start-date'] = (item as ListItemInput).startDate;
  wire['end-date'] = (item as ListItemInput).endDate;
  return wire;
}

/** A `list-item` element as a {@link ListItem}. @internal */
export function readListItem(node: XmlElement): ListItem {
  const item: ListItem = { name: childText(node, 'name') ?? '', ...readCodes(node) };
  const itemsLink = childText(node, 'items-link');
  if (itemsLink !== undefined) item.itemsLink = itemsLink;
  return item;
}

/** A `list-item-batch-result` as what reconciliation needs: counts and errors by level code. @internal */
export function readListItemBatchReport(root: XmlElement): ChunkReport {
  return readCountedBatchResult(root, 'list-item-code');
}
