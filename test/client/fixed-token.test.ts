import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../src/core/resolve-options.js';
import { ConcurValidationError } from '../../src/index.js';
import { BASE_URL, caught, concur, testClient } from '../support/helpers.js';

// A token given as a string: what is sent for it, and that it never shows in an error, even one
// raised before anything was sent.

describe('the scheme of a pasted token', () => {
  it('is stripped only at the start: a token that ends in "oauth" is sent whole', async () => {
    const seen: unknown[] = [];
    concur()
      .get('/api/x')
      .reply(function reply() {
        seen.push(this.req.headers.authorization);
        return [200, '<ok/>', { 'Content-Type': 'application/xml' }];
      });
    await testClient({ accessToken: 'tok-91f2.oauth' }).client.request({ method: 'GET', path: '/api/x' });
    expect(seen).toEqual(['Bearer tok-91f2.oauth']);
  });
});

describe('a fixed token in an error raised before any send', () => {
  it('is redacted from a refused query value that quotes it', async () => {
    const token = 'fixed-token-5d1e8a';
    const error = await caught(() => testClient({ accessToken: token }).client.request({ method: 'GET', path: '/api/x', query: { access_token: `${token}\uD800` } }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as Error).message).toContain('The query parameter access_token');
    expect((error as Error).message).not.toContain(token);
  });

  it('a token function’s errors before any send are refused as usual (no token known yet)', async () => {
    const error = await caught(() => testClient({ accessToken: async () => 'fn-token-77c0d2' }).client.request({ method: 'GET', path: '/api/x', query: { q: 'a\uD800' } }));
    expect(error).toBeInstanceOf(ConcurValidationError);
    expect((error as ConcurValidationError).field).toBe('q');
  });
});

describe('checkBaseUrl', () => {
  it('refuses plain http on a host that is not loopback unless told to allow it', () => {
    expect(() => checkBaseUrl('http://concur.example.com')).toThrow(expect.objectContaining({ field: 'baseUrl' }));
    expect(checkBaseUrl('http://concur.example.com', 'baseUrl', true).origin).toBe('http://concur.example.com');
    expect(checkBaseUrl(BASE_URL).origin).toBe(BASE_URL);
  });
});
