import type { ListItemInput } from '../../src/index.js';

/**
 * Inputs and wire documents shared by the server, the codec bench and the bulk workers. The
 * values are generated, plain ASCII and known not to need escaping, so the bare server may write
 * its documents with template strings; the SDK side always goes through its own builder.
 */

/** The List Item namespace the SDK writes (src/services/list-items.ts). */
export const LIST_NAMESPACE = 'http://www.concursolutions.com/api/expense/list/2010/02';

/** The list id every bench request uses. */
export const LIST_ID = 'gWqK$pR4x1Lq';

/** Path of the items of {@link LIST_ID}, as the SDK encodes it. */
export const ITEMS_PATH = `/api/expense/list/v1.0/${encodeURIComponent(LIST_ID)}/items`;

/** Path of the list's batch endpoint for creates, as the SDK encodes it. */
export const BATCH_CREATE_PATH = `/api/expense/list/v1.0/${encodeURIComponent(LIST_ID)}/batch?type=create`;

const MAX_LEVELS = 10;

/**
 * The n-th generated list item: a two-level code, and dates on every fourth item so optional
 * fields are exercised.
 */
export function makeItem(n: number): ListItemInput {
  const item: ListItemInput = { name: `Cost centre ${n}`, level1Code: `R${n % 97}`, level2Code: `CC${n}` };
  if (n % 4 === 0) {
    item.startDate = '2024-01-01';
    item.endDate = '2030-12-31';
  }
  return item;
}

/** `count` generated items, from `start`. */
export function makeItems(count: number, start = 0): ListItemInput[] {
  return Array.from({ length: count }, (_, i) => makeItem(start + i));
}

/** Streams `count` generated items without ever holding them all. */
export async function* streamItems(count: number): AsyncGenerator<ListItemInput> {
  for (let n = 0; n < count; n += 1) yield makeItem(n);
}

/** The same wire form with only the fields present, as an integrator would hand it to xml2js. */
export function listItemToPlainWire(item: ListItemInput): Record<string, string> {
  const wire: Record<string, string> = { name: item.name };
  for (let level = 1; level <= MAX_LEVELS; level += 1) {
    const code = item[`level${level}Code` as keyof ListItemInput];
    if (code !== undefined) wire[`level${level}code`] = code;
  }
  if (item.startDate !== undefined) wire['start-date'] = item.startDate;
  if (item.endDate !== undefined) wire['end-date'] = item.endDate;
  return wire;
}

/** A GET items response with `count` items, shaped like Concur's (and the test fixture's). */
export function listItemsDocument(count: number): string {
  const parts: string[] = [`<?xml version="1.0" encoding="utf-8"?>\n<list-items xmlns="${LIST_NAMESPACE}">`];
  for (let n = 0; n < count; n += 1) {
    const item = makeItem(n);
    parts.push(
      '<list-item>' +
        `<items-link>https://concur.example.com/api/expense/list/v1.0/${LIST_ID}/items/${item.level1Code}/${item.level2Code ?? ''}/</items-link>` +
        `<level1code>${item.level1Code}</level1code><level2code>${item.level2Code ?? ''}</level2code>` +
        `<name>${item.name}</name></list-item>`,
    );
  }
  parts.push('</list-items>');
  return parts.join('\n');
}

/**
 * A `list-item-batch-result` for a batch of `size` items of which the listed `failedCodes`
 * failed (Concur lists at most 10 errors).
 */
export function batchResultDocument(size: number, failedCodes: readonly string[] = []): string {
  const errors = failedCodes
    .map((code) => `<error><code>2004</code><list-item-code>${code}</list-item-code><message>The list item already exists.</message></error>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n<list-item-batch-result xmlns="${LIST_NAMESPACE}">` +
    (errors === '' ? '' : `<errors>${errors}</errors>`) +
    `<records-failed>${failedCodes.length}</records-failed><records-succeeded>${size - failedCodes.length}</records-succeeded>` +
    '</list-item-batch-result>'
  );
}
