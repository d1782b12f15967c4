import type { CallOptions } from '../core/options.js';
import { linkSegments } from '../core/path.js';
import { runBatch, type BatchSpec } from '../batch/run.js';
import type { BatchInput, BatchOptions, BatchResult, ItemProblem, ListedItemError } from '../batch/types.js';
import { ConcurValidationError } from '../errors/validation-errors.js';
import { callOptions, callSettings, idArgument, stringOption } from '../internal/arguments.js';
import { describeValue } from '../internal/describe.js';
import { elements } from '../xml/nodes.js';
import { deepestCode, listItemProblems, listItemToWire, readListItem, readListItemBatchReport, readListSummary } from './list-items-codec.js';
import { walkList, type WalkedListItem } from './list-items-walk.js';
import { ConcurService, defineEndpoints, rootOf, type EndpointSpec } from './service.js';

// List Item v1.0 (reference §3). Namespace per D1 PR #1661, which corrected the older
// `.../api/list/2010/02` example; responses are read whatever their namespace.
const NAMESPACE = 'http://www.concursolutions.com/api/expense/list/2010/02';

const ENDPOINTS = defineEndpoints({
  getLists: { method: 'GET', path: '/api/expense/list/v1.0/' },
  getList: { method: 'GET', path: '/api/expense/list/v1.0/{listId}' },
  getItems: { method: 'GET', path: '/api/expense/list/v1.0/{listId}/items' },
  create: { method: 'POST', path: '/api/expense/list/v1.0/{listId}/batch', query: { type: 'create' }, root: 'list-item-batch', namespace: NAMESPACE },
  update: { method: 'POST', path: '/api/expense/list/v1.0/{listId}/batch', query: { type: 'update' }, root: 'list-item-batch', namespace: NAMESPACE },
  delete: { method: 'POST', path: '/api/expense/list/v1.0/{listId}/batch', query: { type: 'delete' }, root: 'list-item-batch', namespace: NAMESPACE },
});

/** The level codes that name a list item: level 1, then each deeper level, with no gaps. */
export interface ListItemCodes {
  /** Level 1 code (≤ 32 characters, no hyphens), required. */
  level1Code: string;
  /** Level 2 code, for items below level 1. */
  level2Code?: string;
  /** Level 3 code. */
  level3Code?: string;
  /** Level 4 code. */
  level4Code?: string;
  /** Level 5 code. */
  level5Code?: string;
  /** Level 6 code. */
  level6Code?: string;
  /** Level 7 code. */
  level7Code?: string;
  /** Level 8 code. */
  level8Code?: string;
  /** Level 9 code. */
  level9Code?: string;
  /** Level 10 code. */
  level10Code?: string;
}

/** A list item to create or update. The level codes are its key; update changes name and dates only. */
export interface ListItemInput extends ListItemCodes {
  /** Display name, ≤ 64 characters. */
  name: string;
  /** First day the item is valid, `YYYY-MM-DD`; must come with `endDate`. */
  startDate?: string;
  /** Last day the item is valid, `YYYY-MM-DD`, after `startDate`. */
  endDate?: string;
}

/** A list item to delete (deactivate): its level codes; the name is optional. */
export interface ListItemKey extends ListItemCodes {
  /** Display name; not needed to delete. */
  name?: string;
}

/** A list as Concur configures it. */
export interface ListSummary {
  /** The list's encrypted id, as the methods of this service take it. */
  id: string;
  /** The list URL Concur returned (its `id` element). */
  url: string;
  /** The list's name. */
  name: string;
  /** Whether the list is a vendor list. */
  isVendor: boolean;
  /** Number of levels (1 for a flat list). */
  levels: number;
  /** `items-link` as returned. */
  itemsLink?: string;
  /** `batch-link` as returned. */
  batchLink?: string;
}

/** A list item as Concur returns it. */
export interface ListItem extends ListItemCodes {
  /** Display name. */
  name: string;
  /** `items-link`: the URL of the item's children. */
  itemsLink?: string;
}

/** A batch write of {@link ListItemsService}, for {@link ListItemsService.validate}. */
export type ListItemOperation = 'create' | 'update' | 'delete';

const OPERATIONS: readonly ListItemOperation[] = ['create', 'update', 'delete'];

/** Options of {@link ListItemsService.getItems}. */
export interface GetListItemsOptions extends CallOptions {
  /**
   * Return the children of the item with this code instead of the level 1 items.
   * @default undefined
   */
  parentCode?: string;
  /**
   * Return only items whose name or code matches.
   * @default undefined
   */
  filter?: string;
}

/**
 * List Item v1.0: read lists and their items; create, update and delete items in batches of up
 * to 1000 (reference §3). Reached as `concur.listItems`.
 *
 * @example
 * ```ts
 * const [cities] = await concur.listItems.getLists();
 * const result = await concur.listItems.create(cities.id, [{ name: 'Paris', level1Code: 'PAR' }]);
 * console.log(result.succeeded, result.failed, result.unknown);
 * ```
 */
export class ListItemsService extends ConcurService {
  /**
   * All lists configured in the company.
   *
   * @example
   * ```ts
   * const lists = await concur.listItems.getLists();
   * ```
   */
  async getLists(options?: CallOptions): Promise<ListSummary[]> {
    const settings = callSettings(options);
    const response = await this.call(ENDPOINTS.getLists, settings);
    const root = rootOf(response, 'lists', 'GET', ENDPOINTS.getLists.path);
    return elements(root, 'list').map(readListSummary);
  }

  /**
   * One list's configuration.
   *
   * @param listId The list's id, or the list URL Concur returned.
   * @example
   * ```ts
   * const list = await concur.listItems.getList(listId);
   * ```
   */
  async getList(listId: string, options?: CallOptions): Promise<ListSummary> {
    const settings = callSettings(options);
    const response = await this.call(ENDPOINTS.getList, { params: { listId: this.#listId(listId) }, ...settings });
    return readListSummary(rootOf(response, 'list', 'GET', ENDPOINTS.getList.path));
  }

  /**
   * The level 1 items of a list, or the children of `parentCode`.
   *
   * @example
   * ```ts
   * const regions = await concur.listItems.getItems(listId, { parentCode: 'US' });
   * ```
   */
  async getItems(listId: string, options?: GetListItemsOptions): Promise<ListItem[]> {
    const { parentCode, filter } = callOptions(options);
    const settings = callSettings(options);
    const response = await this.call(ENDPOINTS.getItems, {
      params: { listId: this.#listId(listId) },
      query: { parentCode: stringOption(parentCode, 'parentCode'), filter: stringOption(filter, 'filter') },
      ...settings,
    });
    const root = rootOf(response, 'list-items', 'GET', ENDPOINTS.getItems.path);
    return elements(root, 'list-item').map(readListItem);
  }

  /**
   * Every item of a list at every level, depth first, each parent before its children, with its
   * `level` and its ancestors' `parentCodes`. Reads the list's configuration (`getList`, for its
   * number of levels), then the level 1 items, then the children of each item as the walk reaches
   * it (`getItems` with `parentCode`). Memory stays bounded by the answers on the path from the
   * top to the current item, not the whole list. Stopping the loop early stops the requests; a
   * failed request (after the retry policy), an abort, or an invalid argument ends the iteration
   * with its error (nothing is checked or sent before the first item is asked for).
   *
   * @param listId The list's id, or the list URL Concur returned.
   * @example
   * ```ts
   * for await (const item of concur.listItems.walk(listId, { signal })) {
   *   console.log(item.level, [...item.parentCodes, item.name].join(' / '));
   * }
   * ```
   */
  async *walk(listId: string, options?: CallOptions): AsyncGenerator<WalkedListItem, void, undefined> {
    const id = this.#listId(listId);
    const settings = callSettings(options);
    yield* walkList({
      getList: async () => this.getList(id, settings),
      getItems: async (parentCode) => this.getItems(id, parentCode === undefined ? settings : { ...settings, parentCode }),
    });
  }

  /**
   * Adds items to a list, any number of them, in batches of up to 1000. Parents must exist
   * before their children (Concur error 2007): list parents first and keep `concurrency` at 1.
   *
   * @example
   * ```ts
   * const result = await concur.listItems.create(listId, [
   *   { name: 'United States', level1Code: 'US' },
   *   { name: 'Washington', level1Code: 'US', level2Code: 'WA' },
   * ]);
   * ```
   */
  async create(listId: string, items: BatchInput<ListItemInput>, options?: BatchOptions<ListItemInput>): Promise<BatchResult<ListItemInput>> {
    return this.#batch(ENDPOINTS.create, listId, items, true, options);
  }

  /**
   * Updates the name and dates of existing items; the level codes name the item and cannot change.
   *
   * @example
   * ```ts
   * await concur.listItems.update(listId, [{ name: 'Paris (FR)', level1Code: 'PAR' }]);
   * ```
   */
  async update(listId: string, items: BatchInput<ListItemInput>, options?: BatchOptions<ListItemInput>): Promise<BatchResult<ListItemInput>> {
    return this.#batch(ENDPOINTS.update, listId, items, true, options);
  }

  /**
   * Deletes (deactivates) items: existing reports keep showing them.
   *
   * @example
   * ```ts
   * await concur.listItems.delete(listId, [{ level1Code: 'PAR' }]);
   * ```
   */
  async delete(listId: string, items: BatchInput<ListItemKey>, options?: BatchOptions<ListItemKey>): Promise<BatchResult<ListItemKey>> {
    return this.#batch(ENDPOINTS.delete, listId, items, false, options);
  }

  /**
   * Every problem that would keep an item from being sent, empty when it is valid: the checks
   * `create`, `update` and `delete` run on each item, for cleaning a file before sending it. Each
   * problem names the field as you wrote it (`level1Code`) and says what is wrong with the value.
   * The name is required to create and update, not to delete.
   *
   * @param operation The write the item is meant for: `'create'` (the default), `'update'` or `'delete'`.
   * @example
   * ```ts
   * for (const [row, item] of rows.entries()) {
   *   for (const problem of concur.listItems.validate(item)) console.warn(`row ${row}: ${problem.message}`);
   * }
   * // [{ field: 'level1Code', message: 'level1Code must be a string (got number 42)' }]
   * ```
   */
  validate(item: unknown, operation: ListItemOperation = 'create'): ItemProblem[] {
    if (!OPERATIONS.includes(operation)) {
      throw new ConcurValidationError(`operation must be 'create', 'update' or 'delete' (got ${describeValue(operation)}).`, { field: 'operation' });
    }
    return listItemProblems(item, operation !== 'delete');
  }

  async #batch<T extends ListItemKey>(
    endpoint: EndpointSpec,
    listId: string,
    items: BatchInput<T>,
    nameRequired: boolean,
    options: BatchOptions<T> | undefined,
  ): Promise<BatchResult<T>> {
    const params = { listId: this.#listId(listId) };
    const spec: BatchSpec<T> = {
      label: 'list items',
      noun: 'List item',
      max: 1000,
      keyOf: deepestCode,
      // List Item error 2004: the item already exists (reference §3). Answering a resend of a
      // create, it most likely names an item the lost first attempt created.
      ...(endpoint === ENDPOINTS.create ? { alreadyDone: (error: ListedItemError) => error.code === '2004' } : {}),
      problemsOf: (item) => listItemProblems(item, nameRequired),
      send: async (chunk, settings) => {
        const body = this.xmlBody(endpoint, { 'list-item': chunk.map(listItemToWire) });
        const response = await this.call(endpoint, { params, body, ...settings });
        return {
          attempts: response.attempts,
          processedBefore: response.mayHaveBeenProcessedBefore,
          correlationId: response.correlationId,
          report: readListItemBatchReport(rootOf(response, 'list-item-batch-result', endpoint.method, endpoint.path)),
        };
      },
    };
    return runBatch(items, spec, options);
  }

  /** Accepts the list id or the list URL Concur returned (followed only on the configured host). */
  #listId(listId: string): string {
    idArgument(listId, 'listId', 'pass the list id, or the list URL Concur returned');
    if (!listId.includes('://')) return listId;
    const segments = linkSegments(this.link(listId).path);
    return segments[segments.indexOf('v1.0') + 1] ?? '';
  }
}
