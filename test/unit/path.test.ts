import { describe, expect, it } from 'vitest';
import { checkPath, cleanLink, fillPath, linkSegments, queryString, resolveLink } from '../../src/core/path.js';
import { ConcurValidationError } from '../../src/index.js';

describe('encoding path values', () => {
  it('encodes every value as one segment', () => {
    expect(fillPath('/api/expense/list/v1.0/{id}/items', { id: 'nYoPK$pZmcow/MRU ql' })).toBe('/api/expense/list/v1.0/nYoPK%24pZmcow%2FMRU%20ql/items');
    expect(fillPath('/a/{a}/{b}', { a: 'x?y#z%', b: 42 })).toBe('/a/x%3Fy%23z%25/42');
    expect(fillPath('/a/{a}', { a: '../etc' })).toBe('/a/..%2Fetc');
  });

  it.each(['', '  ', '.', '..', '%2e%2e', '%2E.'])('refuses %j as an id', (value) => {
    expect(() => fillPath('/api/x/{id}', { id: value })).toThrow(ConcurValidationError);
  });

  it('refuses values that are not strings or numbers', () => {
    expect(() => fillPath('/api/x/{id}', { id: {} as unknown as string })).toThrow(ConcurValidationError);
    expect(() => fillPath('/api/x/{id}', { id: Number.NaN })).toThrow(ConcurValidationError);
  });
});

describe('checkPath', () => {
  it('accepts ordinary paths', () => {
    expect(checkPath('/api/expense/extract/v1.0/')).toBe('/api/expense/extract/v1.0/');
    expect(checkPath('/api/x/a.b/..c')).toBe('/api/x/a.b/..c');
  });
  it.each([
    'https://evil.example.com/api',
    '//evil.example.com/api',
    'api/no-leading-slash',
    '/api/../../etc/passwd',
    '/api/%2e%2e/secret',
    '/api/%2E%2e/secret',
    '/api/./x',
    '/api\\..\\x',
    '/api/x?y=1',
    '/api/x#frag',
    '/api/x\r\nHost: evil',
    '',
  ])('refuses %j', (value) => {
    expect(() => checkPath(value)).toThrow(ConcurValidationError);
  });
});

describe('queryString', () => {
  it('encodes keys and values and skips undefined', () => {
    expect(queryString({ type: 'create', parentCode: 'A B&C', skip: undefined, n: 2, on: true })).toBe('?type=create&parentCode=A%20B%26C&n=2&on=true');
    expect(queryString({})).toBe('');
    expect(queryString(undefined)).toBe('');
  });
});

describe('resolveLink', () => {
  const base = new URL('https://us2.api.concursolutions.com');

  it('turns a link on the configured host into path and query', () => {
    expect(resolveLink('https://us2.api.concursolutions.com/api/expense/list/v1.0/gWq$x/batch?type=create', base)).toEqual({
      path: '/api/expense/list/v1.0/gWq$x/batch',
      query: { type: 'create' },
    });
    expect(resolveLink('/api/image/v1.0/receipt/abc', base).path).toBe('/api/image/v1.0/receipt/abc');
    expect(resolveLink('HTTPS://US2.API.CONCURSOLUTIONS.COM:443/api/x', base).path).toBe('/api/x');
  });

  it('follows an http link to the https host over https, never the reverse', () => {
    expect(resolveLink('http://us2.api.concursolutions.com/api/x', base).path).toBe('/api/x');
    const local = new URL('http://127.0.0.1:4010');
    expect(() => resolveLink('https://127.0.0.1:4010/api/x', local)).toThrow(ConcurValidationError);
  });

  it.each([
    'https://evil.example.com/api/x',
    'https://us2.api.concursolutions.com.evil.example.com/api/x',
    'https://user:pw@us2.api.concursolutions.com/api/x',
    'https://us2.api.concursolutions.com:8443/api/x',
    'javascript:alert(1)',
    'ftp://us2.api.concursolutions.com/api/x',
    'http:// www.concursolutions.com/api/x',
  ])('refuses %j', (link) => {
    expect(() => resolveLink(link, base)).toThrow(ConcurValidationError);
  });
});

describe('fillPath', () => {
  it('fills and encodes placeholders', () => {
    expect(fillPath('/api/expense/extract/v1.0/{definitionId}/job/{jobId}', { definitionId: 'a$b', jobId: 'c d' })).toBe('/api/expense/extract/v1.0/a%24b/job/c%20d');
  });
  it('refuses a missing or an unused parameter', () => {
    expect(() => fillPath('/a/{id}', {})).toThrow(ConcurValidationError);
    expect(() => fillPath('/a/{id}', { id: 'x', other: 'y' })).toThrow(/other/);
  });
});

describe('reading links', () => {
  it('repairs the documented space after the scheme', () => {
    expect(cleanLink('  http:// www.concursolutions.com/api/x ')).toBe('http://www.concursolutions.com/api/x');
    expect(resolveLink('https:// us2.api.concursolutions.com/api/x', new URL('https://us2.api.concursolutions.com')).path).toBe('/api/x');
  });
  it('reads the decoded segments of a URL or a path without requesting it', () => {
    expect(linkSegments('https://elsewhere.example.com/api/expense/list/v1.0/gWq%24x/')).toEqual(['api', 'expense', 'list', 'v1.0', 'gWq$x']);
    expect(linkSegments('/api/a%ZZ/b?x=1')).toEqual(['api', 'a%ZZ', 'b']);
  });
});
