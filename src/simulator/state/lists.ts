import type { Random } from '../random.js';

/** A list item: its level codes are its key (reference §3). */
export interface SimListItem {
  /** Level 1 code first, then each deeper level; the item's level is `codes.length`. */
  readonly codes: readonly string[];
  /** Display name. */
  name: string;
  /** `start-date`, `YYYY-MM-DD`, when given. */
  startDate: string | undefined;
  /** `end-date`, `YYYY-MM-DD`, when given. */
  endDate: string | undefined;
  /** Deleted items stay known (a create of the same codes then fails with 2005). */
  deleted: boolean;
}

/** Options of {@link ListStore.create}. */
export interface CreateListOptions {
  /** The list's name, e.g. `Cities`. */
  name: string;
  /**
   * Number of levels (1 to 10).
   * @default 1
   */
  levels?: number;
  /**
   * Whether it is a vendor list.
   * @default false
   */
  isVendor?: boolean;
  /**
   * The list's id as it appears in URLs.
   * @default a generated opaque id such as `gWq$0pZmcowMRUqcl5bnDAww`
   */
  id?: string;
}

/** Options of {@link SimList.addItem}: an item to put straight into the state. */
export interface AddListItemOptions {
  /** Level codes, level 1 first. */
  codes: readonly string[];
  /** Display name. */
  name: string;
  /**
   * `YYYY-MM-DD`.
   * @default undefined
   */
  startDate?: string;
  /**
   * `YYYY-MM-DD`.
   * @default undefined
   */
  endDate?: string;
  /**
   * Add it as a deleted item.
   * @default false
   */
  deleted?: boolean;
}

/** The tuple of level codes as one Map key; `\u0000` cannot occur in XML text. */
function keyOf(codes: readonly string[]): string {
  return codes.length === 1 ? (codes[0] ?? '') : codes.join('\u0000');
}

/**
 * One list and its items, indexed so that every batch item is O(1): items by their code tuple,
 * children of level 1 and deeper items by their parent's tuple. Level 1 items are read from the
 * item index itself, so a flat list of a million items is indexed once, not twice.
 */
export class SimList {
  /** The list's id as it appears in URLs. */
  readonly id: string;
  /** The list's name. */
  name: string;
  /** Number of levels. */
  readonly levels: number;
  /** Whether it is a vendor list. */
  isVendor: boolean;
  readonly #items = new Map<string, SimListItem>();
  readonly #children = new Map<string, Map<string, SimListItem>>();
  readonly #parentsByCode = new Map<string, SimListItem[]>();
  #deleted = 0;

  /** @internal */
  constructor(id: string, name: string, levels: number, isVendor: boolean) {
    this.id = id;
    this.name = name;
    this.levels = levels;
    this.isVendor = isVendor;
  }

  /** Items that are not deleted. */
  get size(): number {
    return this.#items.size - this.#deleted;
  }

  /** Items that are deleted. */
  get deletedCount(): number {
    return this.#deleted;
  }

  /** The item with these codes, deleted or not. */
  item(codes: readonly string[]): SimListItem | undefined {
    return this.#items.get(keyOf(codes));
  }

  /**
   * All items in insertion order, without the deleted ones unless asked.
   *
   * @example
   * ```ts
   * const names = sim.state.lists.byName('Cities')!.items().map((item) => item.name);
   * ```
   */
  items(options: { includeDeleted?: boolean } = {}): SimListItem[] {
    const all = [...this.#items.values()];
    return options.includeDeleted === true ? all : all.filter((item) => !item.deleted);
  }

  /** Active children of the item with these codes; `[]` gives the level 1 items. @internal */
  childrenOf(parentCodes: readonly string[]): SimListItem[] {
    if (parentCodes.length === 0) {
      const top: SimListItem[] = [];
      for (const item of this.#items.values()) if (item.codes.length === 1 && !item.deleted) top.push(item);
      return top;
    }
    const children = this.#children.get(keyOf(parentCodes));
    return children === undefined ? [] : [...children.values()].filter((item) => !item.deleted);
  }

  /** Active children of every item whose own (deepest) code is `code`. @internal */
  childrenOfCode(code: string): SimListItem[] {
    return (this.#parentsByCode.get(code) ?? []).filter((parent) => !parent.deleted).flatMap((parent) => this.childrenOf(parent.codes));
  }

  /**
   * Puts an item straight into the list (for seeding tests). Its parent must exist.
   *
   * @throws Error when the codes do not fit the list, the item exists or its parent is missing.
   */
  addItem(options: AddListItemOptions): SimListItem {
    const codes = [...options.codes];
    if (codes.length === 0 || codes.length > this.levels) throw new Error(`List ${this.name} takes 1 to ${this.levels} level codes; got ${codes.length}.`);
    if (this.item(codes) !== undefined) throw new Error(`List ${this.name} already has the item ${codes.join('/')}.`);
    if (codes.length > 1 && this.item(codes.slice(0, -1)) === undefined) throw new Error(`List ${this.name} has no parent for ${codes.join('/')}.`);
    const item: SimListItem = { codes, name: options.name, startDate: options.startDate, endDate: options.endDate, deleted: options.deleted === true };
    this.insert(item);
    return item;
  }

  /** Adds a checked item to the indexes. @internal */
  insert(item: SimListItem): void {
    const key = keyOf(item.codes);
    this.#items.set(key, item);
    if (item.deleted) this.#deleted += 1;
    if (item.codes.length > 1) {
      const parentKey = keyOf(item.codes.slice(0, -1));
      let siblings = this.#children.get(parentKey);
      if (siblings === undefined) {
        siblings = new Map();
        this.#children.set(parentKey, siblings);
      }
      siblings.set(key, item);
    }
    // Only items above the last level can be parents, so a flat list keeps no code index.
    if (item.codes.length < this.levels) {
      const code = item.codes[item.codes.length - 1] ?? '';
      const parents = this.#parentsByCode.get(code);
      if (parents === undefined) this.#parentsByCode.set(code, [item]);
      else parents.push(item);
    }
  }

  /** Marks an item deleted (Concur deactivates; the item stays known). @internal */
  markDeleted(item: SimListItem): void {
    if (item.deleted) return;
    item.deleted = true;
    this.#deleted += 1;
  }
}

/** The lists of the simulated company. */
export class ListStore {
  readonly #random: Random;
  readonly #lists = new Map<string, SimList>();

  /** @internal */
  constructor(random: Random) {
    this.#random = random;
  }

  /**
   * Adds a list.
   *
   * @example
   * ```ts
   * const cities = sim.state.lists.create({ name: 'Cities', levels: 2 });
   * cities.addItem({ codes: ['US'], name: 'United States' });
   * cities.addItem({ codes: ['US', 'SEA'], name: 'Seattle' });
   * ```
   */
  create(options: CreateListOptions): SimList {
    const levels = options.levels ?? 1;
    if (!Number.isInteger(levels) || levels < 1 || levels > 10) throw new Error(`A list has 1 to 10 levels; got ${String(levels)}.`);
    const id = options.id ?? this.#random.opaqueId();
    if (this.#lists.has(id)) throw new Error(`A list with id ${id} exists already.`);
    const list = new SimList(id, options.name, levels, options.isVendor === true);
    this.#lists.set(id, list);
    return list;
  }

  /** The list with this id. */
  get(id: string): SimList | undefined {
    return this.#lists.get(id);
  }

  /** The first list with this name. */
  byName(name: string): SimList | undefined {
    return this.all().find((list) => list.name === name);
  }

  /** Every list, in creation order. */
  all(): SimList[] {
    return [...this.#lists.values()];
  }
}
