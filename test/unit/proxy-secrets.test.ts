import { describe, expect, it } from 'vitest';
import { proxySecrets } from '../../src/core/proxy.js';

// The proxy credentials the client redacts from every error, log and trace (src/core/proxy.ts):
// each form in which they could show up — as written in the URL (percent-encoded), decoded, as the
// user:password pair, and as the pair's base64 in a Proxy-Authorization header. An empty form is
// never a secret (redacting '' would mangle every text).

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('proxySecrets', () => {
  it('no proxy, or a proxy without credentials, has no secrets', () => {
    expect(proxySecrets(undefined)).toEqual([]);
    expect(proxySecrets(new URL('http://proxy.corp:3128'))).toEqual([]);
  });

  it('a user and password: decoded, as sent in the URL, as a pair and as the Basic credentials', () => {
    expect(proxySecrets(new URL('http://corp%5Cjo:S3cret%2BP%40ss@proxy.corp:3128'))).toEqual([
      'corp\\jo',
      'S3cret+P@ss',
      'corp\\jo:S3cret+P@ss',
      base64('corp\\jo:S3cret+P@ss'),
      'corp%5Cjo',
      'S3cret%2BP%40ss',
    ]);
  });

  it('a user alone is still a secret, and so is a password alone', () => {
    expect(proxySecrets(new URL('http://alice@proxy.corp'))).toEqual(['alice', 'alice:', base64('alice:'), 'alice']);
    expect(proxySecrets(new URL('http://:hunter2@proxy.corp'))).toEqual(['hunter2', ':hunter2', base64(':hunter2'), 'hunter2']);
  });

  it('a credential that is not valid percent-encoding is kept as written', () => {
    expect(proxySecrets(new URL('http://jo:50%25%E0%A4@proxy.corp'))).toEqual(['jo', '50%25%E0%A4', 'jo:50%25%E0%A4', base64('jo:50%25%E0%A4'), 'jo', '50%25%E0%A4']);
  });
});
