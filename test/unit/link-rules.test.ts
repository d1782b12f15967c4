import { describe, expect, it } from 'vitest';
import { linkSegments, resolveLink } from '../../src/core/path.js';
import { ConcurValidationError } from '../../src/index.js';

// The rule for following a link Concur returned (path.ts, resolveLink): its host only decides
// whether it is followed; what is requested is its path and query, on the configured base URL.
// These pin each branch of the rule with the message a user reads when a link is refused.

const US2 = new URL('https://us2.api.concursolutions.com');

function refusal(link: string, base: URL = US2): ConcurValidationError {
  try {
    resolveLink(link, base);
  } catch (error) {
    if (error instanceof ConcurValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${link} to be refused`);
}

const advice = 'Pass the id instead, or report the link if Concur returned it.';

describe('a refused link says why, naming the link', () => {
  it.each([
    ['https://www.concursolutions.com/api\\x', 'it holds a backslash or a control character'],
    ['api/x', 'it is neither an http(s) URL nor a path starting with a single "/"'],
    ['//www.concursolutions.com/api/x', 'it is neither an http(s) URL nor a path starting with a single "/"'],
    ['javascript:alert(1)', 'only http: and https: links are followed, not javascript:'],
    ['HTTPX://www.concursolutions.com/api/x', 'only http: and https: links are followed, not httpx:'],
    ['svn+https://www.concursolutions.com/api/x', 'only http: and https: links are followed, not svn+https:'],
    ['https:www.concursolutions.com/api/x', 'it has no "//" after the scheme'],
    ['https://user:pass@www.concursolutions.com/api/x', 'it holds credentials'],
    ['https://www_1.concursolutions.com/api/x', 'its host "www_1.concursolutions.com" is not a plain host name'],
    ['https://www.concursolutions.com:99999/api/x', 'it is not a valid URL'],
    ['https://1.2.3.256/api/x', 'it is not a valid URL'],
    ['https://evil.example:8443/api/x', 'https://evil.example:8443 is not the configured host us2.api.concursolutions.com, nor a concursolutions.com host on its default port'],
    ['https://www.concursolutions.com/api/../x', 'it holds "." or ".." segments'],
    ['https://www.concursolutions.com//evil.example/x', 'its path starts with "//"'],
    ['/api/x?id=1&id=2', 'its query gives id twice'],
  ])('%j: %s', (link, reason) => {
    const error = refusal(link);
    expect(error.field).toBe('link');
    expect(error.message).toBe(`Refused to follow the link "${link}": ${reason}. ${advice}`);
  });

  it('quotes at most 200 characters of the link, and 100 of a host', () => {
    const path = `/api/${'x'.repeat(300)}`;
    expect(refusal(`ftp://www.concursolutions.com${path}`).message).toBe(
      `Refused to follow the link "${`ftp://www.concursolutions.com${path}`.slice(0, 200)}": only http: and https: links are followed, not ftp:. ${advice}`,
    );
    const host = `${'a'.repeat(150)}_b.example`;
    expect(refusal(`https://${host}/x`).message).toContain(`its host "${host.slice(0, 100)}" is not a plain host name`);
  });

  it('refuses a link that is not a string, or holds a lone surrogate, by the same field', () => {
    expect(() => resolveLink(42 as unknown as string, US2)).toThrow(expect.objectContaining({ field: 'link', message: 'A link must be a string; got number.' }));
    expect(() => resolveLink('/api/\uD800', US2)).toThrow(
      expect.objectContaining({
        field: 'link',
        message: 'The link "/api/\\ud800" holds a lone UTF-16 surrogate, which cannot be sent in a URL; pass the text without the broken character.',
      }),
    );
  });
});

describe('ports of the configured host', () => {
  it('an explicit default port is the default port', () => {
    expect(resolveLink('https://us2.api.concursolutions.com:443/api/x', US2).path).toBe('/api/x');
    expect(resolveLink('http://localhost:80/api/x', new URL('http://localhost')).path).toBe('/api/x');
    expect(resolveLink('http://127.0.0.1:8080/api/x', new URL('http://127.0.0.1:8080')).path).toBe('/api/x');
  });

  it.each([
    ['https://concur.example.com:80/x', 'https://concur.example.com'],
    ['http://localhost:443/x', 'http://localhost'],
    ['http://localhost:8080/x', 'http://localhost'],
    ['http://127.0.0.1/x', 'http://127.0.0.1:8080'],
    ['https://localhost/x', 'http://localhost'],
    ['https://127.0.0.1:8080/x', 'http://127.0.0.1:8080'],
  ])('refuses %j against the base %s: the same host on another port or scheme', (link, base) => {
    expect(refusal(link, new URL(base)).message).toContain(`is not the configured host ${new URL(base).host}`);
  });

  it('follows links on a bracketed IPv6 loopback base, such as the simulator on [::1]', () => {
    expect(resolveLink('http://[::1]:4010/api/x?a=1', new URL('http://[::1]:4010'))).toEqual({ path: '/api/x', query: { a: '1' } });
    expect(refusal('http://[::1]:4011/api/x', new URL('http://[::1]:4010')).message).toContain('http://[::1]:4011 is not the configured host [::1]:4010');
  });
});

describe('what a followed link requests', () => {
  it('its path as written, percent-encoding kept, so an encoded "/" stays inside its segment', () => {
    expect(resolveLink('https://www.concursolutions.com/api/list/a%2Fb%20c/x', US2).path).toBe('/api/list/a%2Fb%20c/x');
  });

  it('its query decoded ("+" and %20 as spaces, empty values kept), without the fragment', () => {
    expect(resolveLink('https://www.concursolutions.com/api/x?q=a+b&name=a%20b&empty=&amp=%26#section', US2)).toEqual({
      path: '/api/x',
      query: { q: 'a b', name: 'a b', empty: '', amp: '&' },
    });
  });

  it('the root for a bare Concur origin', () => {
    expect(resolveLink('https://www.concursolutions.com', US2)).toEqual({ path: '/', query: {} });
  });

  it('a path holding ":" or "..." is an ordinary path, not a scheme or a dot segment', () => {
    expect(resolveLink('/api/expense/item:1/x', US2).path).toBe('/api/expense/item:1/x');
    expect(resolveLink('https://www.concursolutions.com/api/.../v1./x..', US2).path).toBe('/api/.../v1./x..');
  });

  it('several blanks after the scheme of a published link are removed', () => {
    expect(resolveLink('http://   www.concursolutions.com/api/x', US2).path).toBe('/api/x');
  });
});

describe('reading an id out of a link Concur returned', () => {
  it('even when the link is not a valid URL, its last segment is the id', () => {
    expect(linkSegments('https://exa mple.com/api/list/gWq%24x?x=1').at(-1)).toBe('gWq$x');
  });
});
