import { describe, expect, it } from 'vitest';
import { checkPath, fillPath, queryString, resolveLink } from '../../src/core/path.js';
import { ConcurValidationError } from '../../src/index.js';

// What a caller reads when an id or a request path is refused before anything is sent: the
// ConcurValidationError's field names the placeholder (or `path`), its message what to do.

function refusal(build: () => unknown): ConcurValidationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ConcurValidationError) return error;
    throw error;
  }
  throw new Error('expected a ConcurValidationError');
}

describe('fillPath refuses an id, naming its placeholder', () => {
  it.each([
    ['', 'listId is empty; Concur would answer 400 or 404. Pass the id the API returned.'],
    [' \t', 'listId is empty; Concur would answer 400 or 404. Pass the id the API returned.'],
    ['..', '".." cannot be used as listId in a path.'],
    ['%2E', '"%2E" cannot be used as listId in a path.'],
    [Number.POSITIVE_INFINITY, 'listId must be a finite number; got Infinity.'],
    [Number.NaN, 'listId must be a finite number; got NaN.'],
    [true, 'listId must be a string or a number; got boolean.'],
    [null, 'listId must be a string or a number; got object.'],
    ['a\uD800', 'listId "a\\ud800" holds a lone UTF-16 surrogate, which cannot be sent in a URL; pass the text without the broken character.'],
  ])('%j', (value, message) => {
    const error = refusal(() => fillPath('/api/expense/list/v1.0/{listId}', { listId: value as string }));
    expect(error.field).toBe('listId');
    expect(error.message).toBe(message);
  });

  it('a placeholder without a value, or a value without a placeholder', () => {
    expect(refusal(() => fillPath('/api/x/{listId}/items/{itemId}', { listId: 'a' }))).toMatchObject({
      field: 'itemId',
      message: 'The path /api/x/{listId}/items/{itemId} needs a value for {itemId}.',
    });
    expect(refusal(() => fillPath('/api/x/{listId}', { listId: 'a', itemId: 'b', level: 2 }))).toMatchObject({
      field: 'itemId',
      message: 'The path /api/x/{listId} has no placeholder for itemId, level.',
    });
  });

  it('takes ids made of dots other than "." and "..", and a value inherited from nowhere is missing', () => {
    expect(fillPath('/api/x/{a}/{b}/{c}', { a: '...', b: 'v1.', c: '.x' })).toBe('/api/x/.../v1./.x');
    expect(refusal(() => fillPath('/api/x/{toString}', {})).field).toBe('toString');
  });
});

describe('checkPath refuses a path that could leave the host, saying why', () => {
  it.each(['https://evil.example/api', '//evil.example/api', 'api/x'])('%j: not relative', (path) => {
    expect(refusal(() => checkPath(path))).toMatchObject({
      field: 'path',
      message: `A request path must be relative to the base URL and start with a single "/"; got "${path}". Absolute URLs are refused so that the token never leaves the configured host.`,
    });
  });

  it('quotes at most 100 characters of it, and names a value that is not a string', () => {
    const long = `https://evil.example/${'a'.repeat(200)}`;
    expect(refusal(() => checkPath(long)).message).toContain(`got "${long.slice(0, 100)}".`);
    expect(refusal(() => checkPath(42 as unknown as string)).message).toContain('got "42".');
  });

  it.each(['/api/x?y=1', '/api/x#top', '/api\\x', '/api/x\u0000', '/api/x\u001f', '/api/x\u007f'])('%j: a query, fragment, backslash or control character', (path) => {
    expect(refusal(() => checkPath(path))).toMatchObject({
      field: 'path',
      message: 'A request path may not contain a backslash, control characters, "?" or "#"; pass query parameters in `query`.',
    });
  });

  it.each(['/api/./x', '/api/%2e%2E/x', '/..'])('%j: a dot segment', (path) => {
    expect(refusal(() => checkPath(path))).toMatchObject({ field: 'path', message: 'A request path may not contain "." or ".." segments.' });
  });

  it('a lone surrogate', () => {
    expect(refusal(() => checkPath('/api/\uDC00'))).toMatchObject({
      field: 'path',
      message: 'The request path "/api/\\udc00" holds a lone UTF-16 surrogate, which cannot be sent in a URL; pass the text without the broken character.',
    });
  });

  it('takes spaces, dots inside segments and the characters Concur ids hold', () => {
    expect(checkPath('/api/x/gWq$x/a b/.../v1./~!*')).toBe('/api/x/gWq$x/a b/.../v1./~!*');
  });
});

describe('queryString refuses a lone surrogate, naming the parameter', () => {
  it('in a value: the field is the parameter, and at most 100 characters are quoted', () => {
    const value = `${'a'.repeat(150)}\uD800`;
    expect(refusal(() => queryString({ filter: value }))).toMatchObject({
      field: 'filter',
      message: `The query parameter filter "${'a'.repeat(100)}" holds a lone UTF-16 surrogate, which cannot be sent in a URL; pass the text without the broken character.`,
    });
  });

  it('in a name: the field is query', () => {
    expect(refusal(() => queryString({ 'a\uDC00': 1 }))).toMatchObject({
      field: 'query',
      message: 'The query parameter name "a\\udc00" holds a lone UTF-16 surrogate, which cannot be sent in a URL; pass the text without the broken character.',
    });
  });
});

describe('resolveLink repairs a space only right after the scheme', () => {
  it('keeps "http:// " inside a link’s query as Concur wrote it', () => {
    const base = new URL('https://us2.api.concursolutions.com');
    expect(resolveLink('https:// us2.api.concursolutions.com/api/x', base).path).toBe('/api/x');
    expect(resolveLink('/api/x?back=http:// y', base)).toEqual({ path: '/api/x', query: { back: 'http:// y' } });
  });
});
