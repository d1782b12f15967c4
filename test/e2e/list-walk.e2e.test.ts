import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { ConcurAbortError, NotFoundError, type ListItem, type WalkedListItem } from '../../src/index.js';
import { closeSimulators, connect, rejection, simulator } from './support.js';

// End-to-end: listItems.walk reads a whole multi-level list from the simulator, depth first, one
// answer per level of the path at a time.

const LIST_ID = 'gWqTree$0003';
const ITEMS = `/api/expense/list/v1.0/gWqTree%240003/items`;

afterEach(closeSimulators);

const keyOf = (item: { level1Code: string; level2Code?: string; level3Code?: string }): string => [item.level1Code, item.level2Code, item.level3Code].filter((code) => code !== undefined).join('/');

/** The garbage collector, for counting the answers the walk still holds. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('listItems.walk', () => {
  it('visits every item of a 3-level list of 20,000 items once, parents first, holding at most one answer per level', async () => {
    const sim = await simulator();
    const tree = sim.state.lists.create({ name: 'Cost objects', id: LIST_ID, levels: 3 });
    // 8 companies × 21 departments × 118 projects: 8 + 168 + 19,824 = 20,000 items.
    for (let c = 0; c < 8; c += 1) {
      tree.addItem({ codes: [`C${c}`], name: `Company ${c}` });
      for (let d = 0; d < 21; d += 1) {
        tree.addItem({ codes: [`C${c}`, `C${c}D${d}`], name: `Department ${d}` });
        for (let p = 0; p < 118; p += 1) tree.addItem({ codes: [`C${c}`, `C${c}D${d}`, `P${p}`], name: `Project ${p}` });
      }
    }
    expect(tree.size).toBe(20_000);
    const { concur } = connect(sim);

    // Every answer getItems returns is watched through a WeakRef: after a collection, the live
    // ones are the answers the walk (or anything else) still holds.
    const gc = collector();
    const answers: Array<WeakRef<ListItem[]>> = [];
    // Replaced by hand rather than with vi.spyOn, whose call log would keep every answer alive.
    const getItems = concur.listItems.getItems.bind(concur.listItems);
    concur.listItems.getItems = async (...args) => {
      const answer = await getItems(...args);
      answers.push(new WeakRef(answer));
      return answer;
    };

    const seen = new Set<string>();
    const problems: string[] = [];
    let visits = 0;
    let parentsBefore = 0;
    let mostHeld = 0;
    const order: string[] = [];
    for await (const item of concur.listItems.walk(LIST_ID)) {
      visits += 1;
      const key = keyOf(item);
      // No read-ahead: the children of an item are asked for only once the walk moves past it.
      if (answers.length !== 1 + parentsBefore) problems.push(`${key}: ${answers.length} answers fetched`);
      if (item.level < 3) parentsBefore += 1;
      if (item.level !== item.parentCodes.length + 1) problems.push(`${key}: level ${item.level}`);
      if (item.parentCodes.length > 0 && !seen.has(item.parentCodes.join('/'))) problems.push(`${key}: before its parent`);
      if (seen.has(key)) problems.push(`${key}: twice`);
      seen.add(key);
      if (visits <= 125) order.push(key);
      if (visits % 2_500 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        gc();
        mostHeld = Math.max(mostHeld, answers.filter((ref) => ref.deref() !== undefined).length);
      }
    }

    expect(problems).toEqual([]);
    expect(visits).toBe(20_000);
    expect(seen.size).toBe(20_000);
    expect([...seen].sort()).toEqual(tree.items().map((item) => item.codes.join('/')).sort());
    // Depth first: a company, its first department, that department's 118 projects, the next department.
    expect(order.slice(0, 4)).toEqual(['C0', 'C0/C0D0', 'C0/C0D0/P0', 'C0/C0D0/P1']);
    expect(order.slice(119, 122)).toEqual(['C0/C0D0/P117', 'C0/C0D1', 'C0/C0D1/P0']);
    // One list read, one answer per company and department, none for the projects (the last level).
    expect(answers).toHaveLength(1 + 8 + 168);
    expect(sim.state.requests).toHaveLength(1 + 1 + 8 + 168);
    // Of the 177 answers, the walk holds the 3 on its path (top, department, projects). V8 may
    // keep one or two finished answers alive through a stale slot of an optimised generator frame
    // (seen on Node 20 with a plain nested async generator too); a walk that kept the list would
    // hold all of them.
    expect(mostHeld).toBeGreaterThanOrEqual(3);
    expect(mostHeld).toBeLessThanOrEqual(3 + 2);
  });

  it('codes shared by items of different parents: each child is visited once, under its own parent', async () => {
    const sim = await simulator();
    const tree = sim.state.lists.create({ name: 'Places', id: LIST_ID, levels: 3 });
    tree.addItem({ codes: ['US'], name: 'United States' });
    tree.addItem({ codes: ['US', 'WA'], name: 'Washington' });
    tree.addItem({ codes: ['US', 'WA', 'SEA'], name: 'Seattle' });
    tree.addItem({ codes: ['AU'], name: 'Australia' });
    tree.addItem({ codes: ['AU', 'WA'], name: 'Western Australia' });
    tree.addItem({ codes: ['AU', 'WA', 'PER'], name: 'Perth' });
    tree.addItem({ codes: ['WA'], name: 'A top item named like the states' });
    const { concur } = connect(sim);

    const walked: WalkedListItem[] = [];
    for await (const item of concur.listItems.walk(`${sim.linkOrigin}/api/expense/list/v1.0/${LIST_ID}`)) walked.push(item);

    expect(walked.map((item) => [item.level, [...item.parentCodes, item.name].join(' / ')])).toEqual([
      [1, 'United States'],
      [2, 'US / Washington'],
      [3, 'US / WA / Seattle'],
      [1, 'Australia'],
      [2, 'AU / Western Australia'],
      [3, 'AU / WA / Perth'],
      [1, 'A top item named like the states'],
    ]);
    expect(walked[2]).toMatchObject({ level1Code: 'US', level2Code: 'WA', level3Code: 'SEA', name: 'Seattle', level: 3, parentCodes: ['US', 'WA'] });
    // `?parentCode=WA` answers with the children of every WA; each visit keeps its own.
    expect(sim.state.requests.filter((entry) => entry.path === ITEMS).map((entry) => entry.query)).toEqual([{}, { parentCode: 'US' }, { parentCode: 'WA' }, { parentCode: 'AU' }, { parentCode: 'WA' }, { parentCode: 'WA' }]);
  });

  it('stops when the loop stops; ends with the error of a failed request, ConcurAbortError on abort, ConcurValidationError for a bad id', async () => {
    const sim = await simulator();
    const tree = sim.state.lists.create({ name: 'Flat', id: LIST_ID });
    for (let i = 0; i < 5; i += 1) tree.addItem({ codes: [`F${i}`], name: `Flat ${i}` });
    const { concur } = connect(sim);

    let count = 0;
    for await (const item of concur.listItems.walk(LIST_ID)) {
      expect(item).toMatchObject({ level: 1, parentCodes: [] });
      count += 1;
      if (count === 2) break;
    }
    // A flat list: the list and its level 1 items, and no request for children.
    expect(sim.state.requests).toHaveLength(2);

    const missing = await rejection((async () => {
      for await (const item of concur.listItems.walk('no-such-list')) void item;
    })());
    expect(missing).toBeInstanceOf(NotFoundError);

    const controller = new AbortController();
    controller.abort();
    const aborted = await rejection((async () => {
      for await (const item of concur.listItems.walk(LIST_ID, { signal: controller.signal })) void item;
    })());
    expect(aborted).toBeInstanceOf(ConcurAbortError);
    const invalid = await rejection((async () => {
      for await (const item of concur.listItems.walk('')) void item;
    })());
    expect(invalid).toMatchObject({ name: 'ConcurValidationError', field: 'listId' });
  });
});
