import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Reads the `.cpuprofile` files that `node --cpu-prof` wrote and sums self time per function,
 * naming each by the source module it was bundled from (esbuild marks every module with a
 * `// src/...` comment line in the bundle).
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** One row of the summary. */
export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

const moduleMaps = new Map<string, Array<{ line: number; module: string }>>();

function moduleAt(url: string, line: number): string {
  if (!url.startsWith('file://')) return url === '' ? '(native)' : url;
  const path = new URL(url).pathname;
  if (path.includes('/node_modules/')) return path.slice(path.lastIndexOf('/node_modules/') + 14);
  let marks = moduleMaps.get(path);
  if (marks === undefined) {
    marks = [];
    try {
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          const match = /^\/\/ ((?:src|bench|node_modules)\/\S+)$/.exec(text);
          if (match?.[1] !== undefined) marks?.push({ line: index, module: match[1] });
        });
    } catch {
      // The bundle is gone: name the bundle itself.
    }
    moduleMaps.set(path, marks);
  }
  let found = basename(path);
  for (const mark of marks) {
    if (mark.line > line) break;
    found = mark.module;
  }
  return found;
}

/** The `top` functions by self time over every profile in `dir` whose name starts with `prefix`. */
export function summariseProfiles(dir: string, prefix = ''): { files: string[]; totalMs: number; hot: HotFunction[] } {
  const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile') && name.startsWith(prefix));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let totalUs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    profile.samples.forEach((id, index) => {
      const node = byId.get(id);
      const delta = profile.timeDeltas[index] ?? 0;
      if (node === undefined) return;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = moduleAt(url, lineNumber);
      const name = functionName === '' ? '(anonymous)' : functionName;
      const key = `${name}@${where}`;
      const entry = self.get(key) ?? { name, where, us: 0 };
      entry.us += delta;
      self.set(key, entry);
      totalUs += delta;
    });
  }
  const hot = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .map((entry) => ({ name: entry.name, where: entry.where, selfMs: entry.us / 1_000, share: totalUs === 0 ? 0 : entry.us / totalUs }));
  return { files, totalMs: totalUs / 1_000, hot };
}
