import type { Route } from './http-types.js';

/** One accepted path form of a route, split into segments once. */
interface CompiledPath {
  route: Route;
  /** Literal segments lower-cased; parameters as `{name}`. */
  segments: Array<{ literal: string } | { param: string }>;
}

/** The outcome of matching a request to the route table. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'not-found' };

function splitPath(path: string): string[] {
  // A trailing slash is optional everywhere: the documentation writes `/User/` and `/FormFields`.
  return path.split('/').filter((segment, index, all) => !(segment === '' && (index === 0 || index === all.length - 1)));
}

function compile(route: Route, template: string): CompiledPath {
  const segments = splitPath(template).map((segment) => {
    const param = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(segment)?.[1];
    return param === undefined ? { literal: segment.toLowerCase() } : { param };
  });
  return { route, segments };
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Matches paths to routes. Literal segments compare case-insensitively (the documentation spells
 * `User/`, `user`, `Users`, `users`); parameters are percent-decoded (ids hold `$`). Routes are
 * tried in table order, so a literal route listed first wins over a parameter in the same place.
 */
export class Router {
  readonly #paths: CompiledPath[];

  constructor(routes: readonly Route[]) {
    this.#paths = routes.flatMap((route) => route.paths.map((template) => compile(route, template)));
  }

  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    const allowed = new Set<string>();
    for (const candidate of this.#paths) {
      const params = matchSegments(candidate, segments);
      if (params === undefined) continue;
      if (candidate.route.method === method) return { kind: 'found', route: candidate.route, params };
      allowed.add(candidate.route.method);
    }
    return allowed.size > 0 ? { kind: 'wrong-method', allowed: [...allowed] } : { kind: 'not-found' };
  }
}

function matchSegments(candidate: CompiledPath, segments: string[]): Record<string, string> | undefined {
  if (candidate.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const expected = candidate.segments[index];
    const actual = segments[index] ?? '';
    if (expected === undefined) return undefined;
    if ('literal' in expected) {
      if (expected.literal !== actual.toLowerCase()) return undefined;
      continue;
    }
    const value = decode(actual);
    if (value === undefined || value === '') return undefined;
    params[expected.param] = value;
  }
  return params;
}
