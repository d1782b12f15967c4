import { describe, expect, it } from 'vitest';
import { checkPath, cleanLink, fillPath, linkSegments, queryString, resolveLink } from '../../src/core/path.js';
import { ConcurValidationError } from '../../src/index.js';

describe('encoding path values', () => {
  it('encodes every value as one segment', () => {
    expect(fillPath('/api/expense/list/v1.0/{id}/items', { id: 'nYoPK$pZmcow/MRU ql' })).toBe('/api/expense/list/v1.0/nYoPK%24pZmcow%2FMRU%20ql/items');
    expect(fillPath('/a/{a}/{b}', { a: 'x?y#z%', b: 42 })).toBe('/a/x%3Fy%23z%25/42');
    expect(fillPath('/a/{a}', { a: '../etc' })).toBe('/a/..%2Fetc');
  });

  it.each(['', '  ', '.', '..', '%2e%2e', '%2E.'])('refuses %j as an id, naming the placeholder', (value) => {
    expect(() => fillPath('/api/x/{id}', { id: value })).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'id' }));
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

  it('follows links on www.concursolutions.com, where every documented link points, by path and query', () => {
    expect(resolveLink('https://www.concursolutions.com/api/expense/extract/v1.0/gT7$kQ2p/job/Hf3$p8?x=a%20b', base)).toEqual({
      path: '/api/expense/extract/v1.0/gT7$kQ2p/job/Hf3$p8',
      query: { x: 'a b' },
    });
    expect(resolveLink('http://www.concursolutions.com/api/x', base).path).toBe('/api/x');
    expect(resolveLink('https://WWW.ConcurSolutions.COM:443/api/x', base).path).toBe('/api/x');
    expect(resolveLink('http://www.concursolutions.com:80/api/x', base).path).toBe('/api/x');
  });

  it('follows links on any host under concursolutions.com and on the apex, whatever the configured host', () => {
    const local = new URL('http://127.0.0.1:8080');
    for (const host of ['us.api.concursolutions.com', 'www-us2.api.concursolutions.com', 'implementation.concursolutions.com', 'eu1imp.concursolutions.com', 'concursolutions.com']) {
      expect(resolveLink(`https://${host}/api/x?a=1`, local)).toEqual({ path: '/api/x', query: { a: '1' } });
      expect(resolveLink(`http://${host}/api/x`, base).path).toBe('/api/x');
    }
  });

  it('repairs the published "http:// www…" File-Url before following it', () => {
    // The 2013 "Close a Payment Batch" example (concur/developer.concur.com history) has a space after the scheme.
    expect(resolveLink('http:// www.concursolutions.com/api/expense/paymentbatch/v1.1/batch/n$s4MtBKgvoJxAYcbggR7eD2jRU$sxYjePU/file', base)).toEqual({
      path: '/api/expense/paymentbatch/v1.1/batch/n$s4MtBKgvoJxAYcbggR7eD2jRU$sxYjePU/file',
      query: {},
    });
  });

  it('follows an http link to the https host over https, never the reverse', () => {
    expect(resolveLink('http://us2.api.concursolutions.com/api/x', base).path).toBe('/api/x');
    const local = new URL('http://127.0.0.1:4010');
    expect(() => resolveLink('https://127.0.0.1:4010/api/x', local)).toThrow(ConcurValidationError);
    expect(resolveLink('http://127.0.0.1:4010/api/x', local).path).toBe('/api/x');
  });

  it('keeps the port rules of the configured host', () => {
    const company = new URL('https://concur.example.com');
    expect(resolveLink('http://concur.example.com/api/x', company).path).toBe('/api/x');
    expect(resolveLink('https://concur.example.com:443/api/x', company).path).toBe('/api/x');
    const refused = [
      ['http://concur.example.com:8080/x', company],
      ['http://concur.example.com:443/x', company],
      ['https://concur.example.com:8443/x', company],
      ['http://127.0.0.1/x', new URL('http://127.0.0.1:8080')],
      ['http://127.0.0.1:8081/x', new URL('http://127.0.0.1:8080')],
      ['http://localhost:8080/x', new URL('http://127.0.0.1:8080')],
    ] as const;
    for (const [link, configured] of refused) {
      expect(() => resolveLink(link, configured), link).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'link' }));
    }
  });

  it('follows a path and its query on the configured host', () => {
    expect(resolveLink('/api/expense/list/v1.0/x/batch?type=update&n=1', base)).toEqual({ path: '/api/expense/list/v1.0/x/batch', query: { type: 'update', n: '1' } });
  });

  it.each([
    ['another host', 'https://evil.example.com/api/x'],
    ['a concursolutions suffix on another domain', 'https://concursolutions.com.evil.example/api/x'],
    ['the configured host as a prefix of another', 'https://us2.api.concursolutions.com.evil.example.com/api/x'],
    ['a look-alike domain', 'https://evilconcursolutions.com/api/x'],
    ['a look-alike subdomain', 'https://www.evilconcursolutions.com/api/x'],
    ['a trailing dot', 'https://www.concursolutions.com./api/x'],
    ['a trailing dot on the configured host', 'https://us2.api.concursolutions.com./api/x'],
    ['an empty label', 'https://a..concursolutions.com/api/x'],
    ['credentials', 'https://user:pass@www.concursolutions.com/api/x'],
    ['credentials on the configured host', 'https://user:pw@us2.api.concursolutions.com/api/x'],
    ['a user name only', 'https://user@www.concursolutions.com/api/x'],
    ['credentials hiding another host', 'https://www.concursolutions.com@evil.example/api/x'],
    ['a backslash before the host', 'https:\\\\www.concursolutions.com/api/x'],
    ['a backslash ending the authority', 'https://www.concursolutions.com\\@evil.example/api/x'],
    ['a backslash in the path', 'https://www.concursolutions.com/api\\..\\x'],
    ['a percent-encoded host', 'https://www%2econcursolutions%2ecom/api/x'],
    ['a percent-encoded dot towards another host', 'https://www.concursolutions.com%2eevil.example/api/x'],
    ['a full-width dot', 'https://www.concursolutions\u3002com/api/x'],
    ['a non-ASCII host', 'https://www.concursolutiöns.com/api/x'],
    ['a tab inside the host', 'https://www.concur\tsolutions.com/api/x'],
    ['a newline inside the link', 'https://www.concursolutions.com/api/x\nHost: evil'],
    ['a port on a Concur host', 'https://www.concursolutions.com:8443/api/x'],
    ['a port on the configured host', 'https://us2.api.concursolutions.com:8443/api/x'],
    ['https on port 80 of a Concur host', 'https://www.concursolutions.com:80/api/x'],
    ['an empty port', 'https://www.concursolutions.com:/api/x'],
    ['ftp:', 'ftp://www.concursolutions.com/api/x'],
    ['ftp: on the configured host', 'ftp://us2.api.concursolutions.com/api/x'],
    ['javascript:', 'javascript:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['data:', 'data:text/plain,x'],
    ['ws:', 'ws://www.concursolutions.com/api/x'],
    ['a scheme without //', 'https:www.concursolutions.com/api/x'],
    ['one slash after the scheme', 'http:/www.concursolutions.com/api/x'],
    ['three slashes after the scheme', 'https:///www.concursolutions.com/api/x'],
    ['a scheme-relative link', '//www.concursolutions.com/api/x'],
    ['a scheme-relative link to another host', '//evil.example/api/x'],
    ['a relative path without a slash', 'api/x'],
    ['a host without a scheme', 'www.concursolutions.com/api/x'],
    ['a dot-dot segment', 'https://www.concursolutions.com/api/../x'],
    ['an encoded dot-dot segment', 'https://www.concursolutions.com/api/%2e%2E/x'],
    ['a dot segment in a path', '/api/./x'],
    ['a query parameter given twice', 'https://www.concursolutions.com/api/x?a=1&a=2'],
    ['a lone surrogate', 'https://www.concursolutions.com/api/\uD800'],
    ['an empty link', ''],
    ['blanks only', '   '],
  ])('refuses %s: %j', (_label, link) => {
    expect(() => resolveLink(link, base)).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'link' }));
  });

  it('refuses a link that is not a string', () => {
    expect(() => resolveLink(42 as unknown as string, base)).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'link' }));
  });

  it('says which host was refused and where the token goes', () => {
    expect(() => resolveLink('https://evil.example.com/api/x', base)).toThrow(/evil\.example\.com is not the configured host us2\.api\.concursolutions\.com/);
    expect(() => resolveLink('ftp://www.concursolutions.com/x', base)).toThrow(/not ftp:/);
    expect(() => resolveLink('https://a:b@www.concursolutions.com/x', base)).toThrow(/credentials/);
  });
});

describe('lone UTF-16 surrogates', () => {
  const lone = ['\uD800', 'a\uDFFFb', 'x\uDBFF', '\uDC00\uD800'];

  it.each(lone)('fillPath refuses %j naming the placeholder', (value) => {
    expect(() => fillPath('/api/x/{listId}', { listId: value })).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'listId' }));
  });

  it.each(lone)('queryString refuses %j as a value, naming the parameter', (value) => {
    expect(() => queryString({ parentCode: value })).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'parentCode' }));
  });

  it('queryString refuses a lone surrogate in a parameter name', () => {
    expect(() => queryString({ ['a\uD800']: 'x' })).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'query' }));
  });

  it.each(lone)('resolveLink refuses %j in a link; linkSegments reads it as U+FFFD', (value) => {
    expect(() => resolveLink(`https://www.concursolutions.com/api/${value}`, new URL('https://us2.api.concursolutions.com'))).toThrow(
      expect.objectContaining({ name: 'ConcurValidationError', field: 'link' }),
    );
    expect(() => resolveLink(`/api/x?q=${value}`, new URL('https://us2.api.concursolutions.com'))).toThrow(expect.objectContaining({ field: 'link' }));
    // Reading an id out of Concur's own answer does not fail on it: the character reads as U+FFFD.
    expect(linkSegments(`https://www.concursolutions.com/api/${value}`).at(-1)).toContain('\uFFFD');
  });

  it('checkPath refuses a lone surrogate', () => {
    expect(() => checkPath('/api/\uD800')).toThrow(expect.objectContaining({ name: 'ConcurValidationError', field: 'path' }));
  });

  it('accepts whole surrogate pairs', () => {
    expect(fillPath('/api/x/{id}', { id: 'a😀' })).toBe('/api/x/a%F0%9F%98%80');
    expect(queryString({ q: '😀' })).toBe('?q=%F0%9F%98%80');
    expect(linkSegments('/api/%F0%9F%98%80/😀')).toEqual(['api', '😀', '😀']);
    expect(resolveLink('/api/😀', new URL('https://us2.api.concursolutions.com')).path).toBe('/api/%F0%9F%98%80');
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
