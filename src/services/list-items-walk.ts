import type { ListItem, ListItemCodes, ListSummary } from './list-items.js';

// Reading a whole list (List Item v1.0, reference §3): `GET …/items` gives the level 1 items, and
// `?parentCode=` the children of the item with that code, each listing every ancestor's code and
// its own. A walk fetches one level at a time below the item it is on, depth first.

/** Concur's lists have at most 10 levels (`level1code`…`level10code`). */
const MAX_LEVELS = 10;

/** A list item as {@link ListItemsService.walk} yields it: with its level and its parents' codes. */
export interface WalkedListItem extends ListItem {
  /** Its level: 1 for a top item, 2 for its children, and so on. */
  level: number;
  /** The codes of its ancestors, level 1 first: `[]` at level 1, `['US', 'WA']` for a level 3 item under US/WA. */
  parentCodes: readonly string[];
}

/** How a walk reads the list: its configuration, and one level of items. @internal */
export interface ListReader {
  getList(): Promise<ListSummary>;
  /** The level 1 items, or the children of the item whose own code is `parentCode`. */
  getItems(parentCode: string | undefined): Promise<ListItem[]>;
}

function codeAt(item: ListItemCodes, level: number): string | undefined {
  return item[`level${level}Code` as keyof ListItemCodes];
}

/**
 * True for an item of an answer to `parentCode` that is a child of the item at `parentCodes`.
 * Codes are unique among siblings only, so an answer can also hold the children of other items
 * sharing that code (`SEA` under `US` and under `XX`): those name other ancestors and are left
 * for their own parent's visit. A code Concur leaves out of an item is not held against it.
 */
function childOf(item: ListItem, parentCodes: readonly string[], level: number): boolean {
  for (let depth = 1; depth < level; depth += 1) {
    const code = codeAt(item, depth);
    if (code !== undefined && code !== parentCodes[depth - 1]) return false;
  }
  return codeAt(item, level) !== undefined && codeAt(item, level + 1) === undefined;
}

/**
 * Every item of the list, depth first, each parent before its children. One answer per level of
 * the path is held at a time: the items of a level are fetched when the walk reaches their parent,
 * and dropped once all of them (and their descendants) have been yielded. Items of the list's
 * last level are not asked for children. @internal
 */
export async function* walkList(reader: ListReader): AsyncGenerator<WalkedListItem, void, undefined> {
  const { levels } = await reader.getList();
  yield* walkLevel(reader, Object.freeze([]), Math.min(Math.max(levels, 1), MAX_LEVELS));
}

async function* walkLevel(reader: ListReader, parentCodes: readonly string[], levels: number): AsyncGenerator<WalkedListItem, void, undefined> {
  const level = parentCodes.length + 1;
  const answer = await reader.getItems(parentCodes.at(-1));
  for (const item of answer) {
    if (level > 1 && !childOf(item, parentCodes, level)) continue;
    yield { ...item, level, parentCodes };
    const code = codeAt(item, level);
    if (level < levels && code !== undefined) yield* walkLevel(reader, Object.freeze([...parentCodes, code]), levels);
  }
}
